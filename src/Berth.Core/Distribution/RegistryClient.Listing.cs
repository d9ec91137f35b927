using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Auth;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    // Names parsed from a page at a time: a page's bytes are held while it is listed, its strings only a batch at a time.
    private const int BatchSize = 4096;

    /// <summary>
    /// Every tag of a repository, following <c>Link</c> headers across pages, as each page arrives. Bounded by
    /// <see cref="RegistryClientOptions.MaxListPages"/>, <see cref="RegistryClientOptions.MaxListEntries"/> and
    /// <see cref="RegistryClientOptions.MaxPageBytes"/>: past any of them the listing fails, naming the limit.
    /// </summary>
    public IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken = default) =>
        PageAsync($"{repository}/tags/list", AccessScope.RepositoryPull(repository), $"tags of {repository}", "tags", cancellationToken);

    /// <summary>Every repository in the registry's <c>_catalog</c>, following <c>Link</c> headers, bounded as tags are.</summary>
    /// <remarks>Names come back as images are named: with <see cref="RegistryClientOptions.NamePrefix"/> in front.</remarks>
    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken = default)
    {
        var names = PageAsync("_catalog", AccessScope.Catalog, "the catalog", "repositories", cancellationToken);
        return _options.NamePrefix is { Length: > 0 } prefix ? names.Select(n => prefix + "/" + n) : names;
    }

    private async IAsyncEnumerable<string> PageAsync(string path, AccessScope scope, string what, string property,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        var first = new UriBuilder(new Uri(baseUri, "v2/" + ApiName(path)));
        if (_options.PageSize is { } n)
        {
            first.Query = "n=" + n.ToString(CultureInfo.InvariantCulture);
        }

        Uri? next = first.Uri;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
        var batch = new List<string>(BatchSize);
        ListingPage? reader = null;
        for (var page = 0; next is not null; page++)
        {
            if (!seen.Add(next.PathAndQuery))
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), System.Net.HttpStatusCode.OK, [],
                    $"registry {Registry.Name} sent a paging loop while listing {what} (page {page + 1} repeats {UrlRedactor.Redact(next)})");
            }

            if (page >= _options.MaxListPages)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), System.Net.HttpStatusCode.OK, [],
                    string.Create(CultureInfo.InvariantCulture,
                        $"registry {Registry.Name} kept sending pages while listing {what}: stopped at the limit of {_options.MaxListPages:N0} pages ({entries:N0} entries so far); the registry is paging without end, or the listing needs larger pages (the connection's page size)"));
            }

            // The last page goes before the next one arrives: one page's bytes are held at a time.
            reader = null;
            Uri? following;
            try
            {
                (reader, following) = await FetchPageAsync(next, scope, what, property, cancellationToken).ConfigureAwait(false);
            }
            catch (RegistryException ex) when (page == 0 && _options.PageSize is not null && RefusesPageSize(ex))
            {
                // ECR refuses n over 1000 (400 UNSUPPORTED): the registry's own page size and Link paging still list everything.
                next = new Uri(baseUri, "v2/" + path);
                seen.Add(next.PathAndQuery);
                (reader, following) = await FetchPageAsync(next, scope, what, property, cancellationToken).ConfigureAwait(false);
            }

            while (!reader.Done)
            {
                batch.Clear();
                try
                {
                    reader.Read(batch, BatchSize);
                }
                catch (JsonException ex)
                {
                    throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), System.Net.HttpStatusCode.OK, [],
                        $"registry {Registry.Name} sent an unreadable page while listing {what}: {ex.Message}");
                }

                foreach (var item in batch)
                {
                    if (++entries > _options.MaxListEntries)
                    {
                        throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), System.Net.HttpStatusCode.OK, [],
                            string.Create(CultureInfo.InvariantCulture,
                                $"registry {Registry.Name} listed more than the limit of {_options.MaxListEntries:N0} entries while listing {what} (page {page + 1}); the listing is larger than Berth reads, or the registry is hostile"));
                    }

                    yield return item;
                }
            }

            // Never infer the end from a short page: only a missing Link ends the listing.
            next = following;
        }
    }

    /// <summary>A 400 that refuses the requested page size rather than the listing.</summary>
    private static bool RefusesPageSize(RegistryException ex) =>
        ex.StatusCode == System.Net.HttpStatusCode.BadRequest
        && (ex.HasCode(RegistryErrorCodes.Unsupported) || ex.HasCode(RegistryErrorCodes.PaginationNumberInvalid));

    /// <summary>One page (its bytes bounded by the page limit) and the next page's URL, if its <c>Link</c> names one.</summary>
    private async Task<(ListingPage Page, Uri? Next)> FetchPageAsync(Uri uri, AccessScope scope, string what, string property, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, uri, scope);
        using var response = await SendAsync(request, cancellationToken, limit: new BodyLimit(_options.MaxPageBytes, $"a page of {what}",
            "ask for smaller pages (the connection's page size), or the registry is hostile")).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, what, cancellationToken).ConfigureAwait(false);
        }

        return (new ListingPage(BodyOf(response), property), LinkHeader.Next(response, uri));
    }
}
