using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Auth;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    // A registry that keeps pointing at pages already read would otherwise page forever.
    private const int MaxPages = 100_000;

    /// <summary>Every tag of a repository, following <c>Link</c> headers across pages.</summary>
    public IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken = default) =>
        PageAsync($"{repository}/tags/list", AccessScope.RepositoryPull(repository), $"tags of {repository}",
            static bytes => JsonSerializer.Deserialize(bytes, ListingJsonContext.Default.TagList)?.Tags, cancellationToken);

    /// <summary>Every repository in the registry's <c>_catalog</c>, following <c>Link</c> headers.</summary>
    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken = default) =>
        PageAsync("_catalog", AccessScope.Catalog, "the catalog",
            static bytes => JsonSerializer.Deserialize(bytes, ListingJsonContext.Default.CatalogPage)?.Repositories, cancellationToken);

    private async IAsyncEnumerable<string> PageAsync(string path, AccessScope scope, string what,
        Func<byte[], IReadOnlyList<string>?> read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        var first = new UriBuilder(new Uri(baseUri, "v2/" + path));
        if (_options.PageSize is { } n)
        {
            first.Query = "n=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Uri? next = first.Uri;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; next is not null; page++)
        {
            if (page >= MaxPages || !seen.Add(next.PathAndQuery))
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), System.Net.HttpStatusCode.OK, [],
                    $"registry {Registry.Name} sent a paging loop while listing {what} (page {page + 1} repeats {UrlRedactor.Redact(next)})");
            }

            using var request = CreateRequest(HttpMethod.Get, next, scope);
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await ThrowAsync(response, request, what, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string>? items;
            try
            {
                items = read(body);
            }
            catch (JsonException ex)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), response.StatusCode, [],
                    $"registry {Registry.Name} sent an unreadable page while listing {what}: {ex.Message}");
            }

            foreach (var item in items ?? [])
            {
                yield return item;
            }

            // Never infer the end from a short page: only a missing Link ends the listing.
            next = LinkHeader.Next(response, next);
        }
    }
}
