using System.Globalization;
using System.Net;
using System.Text.Json;
using Berth.Auth;
using Berth.Distribution;
using Berth.Errors;

namespace Berth.Connections.Capabilities;

/// <summary>
/// Finds out what a registry can do with a handful of cheap reads after a successful ping. Nothing it sends can
/// change content: GETs and HEADs, and one DELETE of the all-zero digest, which names no content anywhere (a
/// registry that allows deletes answers it 404 <c>MANIFEST_UNKNOWN</c>, one that does not 405 <c>UNSUPPORTED</c>).
/// Blob mount cannot be tried without opening an upload, so it is inferred from what the registry says it is.
/// A probe that fails leaves its answer unknown (null); the probe as a whole never fails a verify.
/// </summary>
public static class CapabilityProbe
{
    /// <summary>Tag page sizes tried, largest first: ECR refuses more than 1000 with 400 <c>UNSUPPORTED</c>.</summary>
    private static readonly int[] PageSizes = [10_000, 1_000, 100];

    private static readonly string ZeroDigest = "sha256:" + new string('0', 64);

    /// <param name="client">A client of the connection, already pinged (its last challenge is the registry's).</param>
    /// <param name="connection">The connection (its type and listed repositories guide the probe).</param>
    /// <param name="ping">What <c>/v2/</c> answered.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    public static async Task<RegistryCapabilities> ProbeAsync(RegistryClient client, Connection connection, PingResult ping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ping);
        var challenge = ping.Challenge ?? client.LastChallenge;
        var auth = challenge is null ? AuthSchemes.Anonymous : challenge.IsBearer ? AuthSchemes.Bearer : AuthSchemes.Basic;

        var repository = connection.Options.Repositories.Count > 0 ? connection.Options.Repositories[0] : null;
        var (catalog, count, first) = await CatalogAsync(client, connection, cancellationToken).ConfigureAwait(false);
        repository ??= first;

        int? maxPageSize = null;
        string? tag = null;
        bool? delete = null;
        bool? referrers = null;
        if (repository is not null)
        {
            (maxPageSize, tag) = await PageSizeAsync(client, repository, cancellationToken).ConfigureAwait(false);
            if (catalog == CatalogSupport.Yes && count == 0 && maxPageSize is not null)
            {
                // The catalog answered empty, yet a listed repository exists: the catalog does not tell the truth.
                catalog = CatalogSupport.Empty;
            }

            referrers = await ReferrersAsync(client, repository, cancellationToken).ConfigureAwait(false);
            delete = await DeleteAsync(client, repository, cancellationToken).ConfigureAwait(false);
            if (tag is not null)
            {
                // Docker Hub sends its pull quota on manifest requests; a HEAD does not count against it.
                await Quietly(() => client.ProbeAsync(HttpMethod.Head, $"{repository}/manifests/{tag}", AccessScope.RepositoryPull(repository), cancellationToken)).ConfigureAwait(false);
            }
        }

        return new RegistryCapabilities
        {
            Auth = auth,
            TokenService = challenge is { IsBearer: true } ? challenge.Realm : null,
            Catalog = catalog,
            MaxPageSize = maxPageSize,
            Mount = Mount(connection, ping),
            Delete = delete,
            Referrers = referrers,
            RateLimit = client.RateLimit is { } rate
                ? new RateLimitCapability(rate.Limit, rate.Remaining, rate.Window is { } w ? (int)w.TotalSeconds : null)
                : null,
        };
    }

    /// <summary>Whether <c>_catalog</c> answers, how many names its first page held, and the first under the connection's namespace.</summary>
    private static async Task<(string Catalog, int Count, string? First)> CatalogAsync(RegistryClient client, Connection connection, CancellationToken cancellationToken)
    {
        if (ProviderFacts.AnswersEmptyCatalog(connection.Type))
        {
            return (CatalogSupport.Empty, 0, null);
        }

        var answer = await Quietly(() => client.ProbeAsync(HttpMethod.Get, "_catalog?n=100", AccessScope.Catalog, cancellationToken)).ConfigureAwait(false);
        if (answer is not { Ok: true } || Names(answer.Body, "repositories") is not { } names)
        {
            return (CatalogSupport.No, 0, null);
        }

        // The catalog speaks the API's names; image names carry the route's prefix (JFrog's REPO-KEY) in front.
        var route = ApiRoute.For(connection);
        var imageNames = route.NamePrefix.Length == 0 ? names : names.Select(n => route.NamePrefix + "/" + n).ToList();
        var prefix = ConnectionAddress.TryOf(connection, out var url, out _) && url.HasPath ? url.Path + "/" : "";
        return (CatalogSupport.Yes, names.Count, imageNames.FirstOrDefault(n => prefix.Length == 0 || n.StartsWith(prefix, StringComparison.Ordinal)));
    }

    /// <summary>The largest tag page size accepted (null when none was), and a tag of the repository, if it has one.</summary>
    private static async Task<(int? Size, string? Tag)> PageSizeAsync(RegistryClient client, string repository, CancellationToken cancellationToken)
    {
        foreach (var size in PageSizes)
        {
            var answer = await Quietly(() => client.ProbeAsync(HttpMethod.Get,
                $"{repository}/tags/list?n={size.ToString(CultureInfo.InvariantCulture)}", AccessScope.RepositoryPull(repository), cancellationToken)).ConfigureAwait(false);
            if (answer is null || answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                return (null, null);
            }

            if (answer.Ok)
            {
                return (size, Names(answer.Body, "tags")?.FirstOrDefault());
            }
        }

        return (null, null);
    }

    private static async Task<bool?> ReferrersAsync(RegistryClient client, string repository, CancellationToken cancellationToken)
    {
        var answer = await Quietly(() => client.ProbeAsync(HttpMethod.Get, $"{repository}/referrers/{ZeroDigest}", AccessScope.RepositoryPull(repository), cancellationToken)).ConfigureAwait(false);
        if (answer is null || answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return null;
        }

        // The spec: a registry with the API answers 200 and an image index, empty when nothing refers to the digest.
        return answer.Ok && IsIndex(answer.Body);
    }

    private static async Task<bool?> DeleteAsync(RegistryClient client, string repository, CancellationToken cancellationToken)
    {
        var answer = await Quietly(() => client.ProbeAsync(HttpMethod.Delete, $"{repository}/manifests/{ZeroDigest}", AccessScope.RepositoryDelete(repository), cancellationToken)).ConfigureAwait(false);
        if (answer is null)
        {
            return null;
        }

        var codes = RegistryErrorParser.Parse(answer.Body).Select(e => e.Code).ToList();
        return answer.Status switch
        {
            HttpStatusCode.MethodNotAllowed => false,
            _ when codes.Contains(RegistryErrorCodes.Unsupported) => false,
            HttpStatusCode.NotFound when codes.Contains(RegistryErrorCodes.ManifestUnknown) => true,
            HttpStatusCode.Accepted => true,
            _ => null,
        };
    }

    /// <summary>No mount can be tried without opening an upload; known providers and Distribution's own header decide.</summary>
    private static bool? Mount(Connection connection, PingResult ping) =>
        ProviderFacts.Mounts(connection.Type)
        ?? (string.Equals(ping.ApiVersion, "registry/2.0", StringComparison.OrdinalIgnoreCase) ? true : null);

    private static async Task<ProbeAnswer?> Quietly(Func<Task<ProbeAnswer>> probe)
    {
        try
        {
            return await probe().ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // A token service refusing a scope, a hostile redirect, a timeout: this capability stays unknown.
            return null;
        }
    }

    private static List<string>? Names(byte[] body, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!document.RootElement.TryGetProperty(property, out var array) || array.ValueKind is JsonValueKind.Null)
            {
                return [];
            }

            return array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsIndex(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
