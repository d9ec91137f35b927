using System.Net;

namespace Berth.Transport;

/// <summary>
/// Follows redirects itself (the socket handler's own following is off) so that credentials never
/// travel to another host — blob downloads are commonly redirected to S3 or a CDN with their own
/// signature — and a redirect from https to http is refused outright.
/// </summary>
public sealed class RedirectHandler(int maxRedirects = 10) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is null)
            {
                return response;
            }

            if (hop >= maxRedirects)
            {
                response.Dispose();
                throw new HttpRequestException($"too many redirects (more than {maxRedirects}) starting at {UrlRedactor.Redact(request.RequestUri)}");
            }

            var target = response.Headers.Location.IsAbsoluteUri
                ? response.Headers.Location
                : new Uri(current.RequestUri!, response.Headers.Location);
            if (current.RequestUri!.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps)
            {
                response.Dispose();
                throw new HttpRequestException(
                    $"refusing redirect from {UrlRedactor.Redact(current.RequestUri)} to {UrlRedactor.Redact(target)}: it downgrades https to http");
            }

            var keepsMethod = response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect
                || current.Method == HttpMethod.Get || current.Method == HttpMethod.Head;
            if (keepsMethod && current.Content is not null && !RegistryRequestOptions.CanResend(current))
            {
                // A streamed body cannot be replayed to the new location; let the caller see the redirect.
                return response;
            }

            response.Dispose();
            var next = new HttpRequestMessage(keepsMethod ? current.Method : HttpMethod.Get, target)
            {
                Version = current.Version,
                VersionPolicy = current.VersionPolicy,
                Content = keepsMethod ? current.Content : null,
            };
            var sameOrigin = SameOrigin(current.RequestUri, target);
            foreach (var header in current.Headers)
            {
                if (!sameOrigin && header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (var option in current.Options)
            {
                ((IDictionary<string, object?>)next.Options)[option.Key] = option.Value;
            }

            current = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);
}
