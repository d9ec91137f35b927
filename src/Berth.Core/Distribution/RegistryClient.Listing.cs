using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Auth;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Every tag of a repository, following <c>Link</c> headers across pages, as each page arrives. Bounded by
    /// <see cref="RegistryClientOptions.MaxListPages"/>, <see cref="RegistryClientOptions.MaxListEntries"/> and
    /// <see cref="RegistryClientOptions.MaxPageBytes"/>: past any of them the listing fails, naming the limit.
    /// </summary>
    public IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken = default) =>
        PageAsync($"{repository}/tags/list", AccessScope.RepositoryPull(repository), $"tags of {repository}", "tags", cancellationToken);

    /// <summary>Every repository in the registry's <c>_catalog</c>, following <c>Link</c> headers, bounded as tags are.</summary>
    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken = default) =>
        PageAsync("_catalog", AccessScope.Catalog, "the catalog", "repositories", cancellationToken);

    private async IAsyncEnumerable<string> PageAsync(string path, AccessScope scope, string what, string property,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        var first = new UriBuilder(new Uri(baseUri, "v2/" + path));
        if (_options.PageSize is { } n)
        {
            first.Query = "n=" + n.ToString(CultureInfo.InvariantCulture);
        }

        Uri? next = first.Uri;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
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

            using var request = CreateRequest(HttpMethod.Get, next, scope);
            using var response = await SendAsync(request, cancellationToken, limit: new BodyLimit(_options.MaxPageBytes, $"a page of {what}",
                "ask for smaller pages (the connection's page size), or the registry is hostile")).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await ThrowAsync(response, request, what, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            List<string>? items;
            try
            {
                items = ReadNames(body, property, _options.MaxListEntries - entries);
            }
            catch (JsonException ex)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), response.StatusCode, [],
                    $"registry {Registry.Name} sent an unreadable page while listing {what}: {ex.Message}");
            }

            if (items is null)
            {
                throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(next), response.StatusCode, [],
                    string.Create(CultureInfo.InvariantCulture,
                        $"registry {Registry.Name} listed more than the limit of {_options.MaxListEntries:N0} entries while listing {what} (page {page + 1}); the listing is larger than Berth reads, or the registry is hostile"));
            }

            entries += items.Count;
            foreach (var item in items)
            {
                yield return item;
            }

            // Never infer the end from a short page: only a missing Link ends the listing.
            next = LinkHeader.Next(response, next);
        }
    }

    /// <summary>
    /// The strings of one top-level array property (<c>tags</c>, <c>repositories</c>) of a listing page; other
    /// properties are skipped unread. Null when it holds more than <paramref name="room"/> names, found before they are
    /// kept, so a page never holds more than the listing may still yield.
    /// </summary>
    private static List<string>? ReadNames(ReadOnlySpan<byte> json, string property, int room)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            // A page that is JSON null has no entries; anything else is not a page.
            return reader.TokenType == JsonTokenType.Null ? names : throw new JsonException("the page is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = reader.ValueTextEquals(property);
            reader.Read();
            if (!wanted || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"\"{property}\" is not an array");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new JsonException($"\"{property}\" holds a {reader.TokenType} where a name belongs");
                }

                if (names.Count >= room)
                {
                    return null;
                }

                names.Add(reader.GetString()!);
            }
        }

        return names;
    }
}
