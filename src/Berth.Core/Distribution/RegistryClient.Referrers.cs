using System.Globalization;
using System.Net;
using System.Text.Json;
using Berth.Auth;
using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>
    /// <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;[?artifactType=]</c> (OCI distribution 1.1), following <c>Link</c>
    /// pages within the listing bounds. Null when the registry has no referrers API: it answered 404, 400, 405 or 406,
    /// or a 200 that is not an OCI index (as crane and oras decide); the caller then reads the fallback tag.
    /// </summary>
    public async Task<ReferrersAnswer?> GetReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken = default)
    {
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        var first = new UriBuilder(new Uri(baseUri, $"v2/{repository}/referrers/{subject.Value}"));
        if (artifactType is not null)
        {
            first.Query = "artifactType=" + Uri.EscapeDataString(artifactType);
        }

        var what = $"referrers of {repository}@{subject.Value}";
        var manifests = new List<Descriptor>();
        var filtered = artifactType is not null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Uri? next = first.Uri;
        for (var page = 0; next is not null; page++)
        {
            if (!seen.Add(next.PathAndQuery) || page >= _options.MaxListPages)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), HttpStatusCode.OK, [],
                    string.Create(CultureInfo.InvariantCulture,
                        $"registry {Registry.Name} kept sending pages while listing {what} (page {page + 1}: a loop, or past the limit of {_options.MaxListPages:N0} pages)"));
            }

            using var request = CreateRequest(HttpMethod.Get, next, AccessScope.RepositoryPull(repository));
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue(MediaTypes.OciIndex));
            using var response = await SendAsync(request, cancellationToken, limit: new BodyLimit(_options.MaxManifestBytes, $"a page of {what}",
                "a referrers page is an index and never that large; the registry is hostile")).ConfigureAwait(false);
            if (page == 0 && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotAcceptable)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                await ThrowAsync(response, request, what, cancellationToken).ConfigureAwait(false);
            }

            var type = response.Content.Headers.ContentType?.MediaType;
            if (page == 0 && type is not null && type != MediaTypes.OciIndex && type != "application/json")
            {
                return null;
            }

            ImageIndex? index;
            try
            {
                index = JsonSerializer.Deserialize(BodyOf(response), ContentJsonContext.Default.ImageIndex);
            }
            catch (JsonException ex)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), response.StatusCode, [],
                    $"registry {Registry.Name} sent an unreadable page of {what}: {ex.Message}");
            }

            manifests.AddRange(index?.Manifests ?? []);
            if (manifests.Count > _options.MaxListEntries)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), response.StatusCode, [],
                    string.Create(CultureInfo.InvariantCulture, $"registry {Registry.Name} listed more than {_options.MaxListEntries:N0} {what}"));
            }

            if (artifactType is not null && !FiltersApplied(response).Contains("artifactType", StringComparer.OrdinalIgnoreCase))
            {
                filtered = false;
            }

            next = LinkHeader.Next(response, next);
        }

        return new ReferrersAnswer(manifests, filtered);
    }

    private static IEnumerable<string> FiltersApplied(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("OCI-Filters-Applied", out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            : [];
}
