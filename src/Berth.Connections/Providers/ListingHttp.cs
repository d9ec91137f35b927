using System.Text.Json;

namespace Berth.Connections.Providers;

/// <summary>
/// Requests to the provider APIs that list repositories (Artifact Registry, Harbor): bounded replies, and
/// failures as <see cref="RepositoryListingException"/> naming the service and its address.
/// </summary>
internal static class ListingHttp
{
    /// <summary>The most pages one provider listing follows before it fails (a hostile or looping API).</summary>
    public const int MaxPages = 10_000;

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RepositoryListingException($"could not reach the {service} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {ex.Message}", inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RepositoryListingException($"the {service} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0.###} s", inner: ex);
        }

        await ProviderHttp.BufferAsync(http, request, response, service, (message, inner) => new RepositoryListingException(message, inner: inner), cancellationToken)
            .ConfigureAwait(false);
        return response;
    }

    /// <summary>The reply's JSON; a body that is not JSON is the service's fault, named as such.</summary>
    public static JsonDocument Parse(byte[] body, string service, string what)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new RepositoryListingException($"the {service} answered {what} with something that is not JSON", inner: ex);
        }
    }

    /// <summary>A page link must stay on the API's own origin: the credential goes with it.</summary>
    public static void RequireSameOrigin(Uri next, Uri api, string service, string what)
    {
        if (!string.Equals(next.GetLeftPart(UriPartial.Authority), api.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            throw new RepositoryListingException($"the {service} sent a next-page link outside {api.GetLeftPart(UriPartial.Authority)} while listing {what}; stopped");
        }
    }
}
