using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.References;

namespace Berth.Connections.Providers;

/// <summary>
/// Docker Hub's own API (not the registry API, which has no catalog): log in for a JWT, then page through
/// <c>/v2/repositories/&lt;namespace&gt;/</c> following <c>next</c>.
/// </summary>
internal static class DockerHubApiClient
{
    private const int MaxPages = 10_000;

    public static async IAsyncEnumerable<string> ListAsync(ProviderContext context, string username, string password, string ns,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The namespace becomes a path segment of the Hub API URL: only a namespace of the reference grammar may.
        if (!IsNamespace(ns))
        {
            throw new RepositoryListingException($"'{ns}' is not a Docker Hub namespace (lowercase letters, digits and separators); set the namespace in the URL, e.g. docker.io/acme");
        }

        var api = context.Endpoints.DockerHubApi;
        using var http = context.CreateHttpClient();
        var token = await LoginAsync(http, api, username, password, cancellationToken).ConfigureAwait(false);
        Uri? next = new(api, $"v2/repositories/{Uri.EscapeDataString(ns)}/?page_size=100");
        for (var page = 0; next is not null; page++)
        {
            // The bearer token must only go to the Hub API host it was issued by.
            if (page >= MaxPages || !string.Equals(next.GetLeftPart(UriPartial.Authority), api.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                throw new RepositoryListingException($"Docker Hub sent a next page link outside {api.GetLeftPart(UriPartial.Authority)} or paged too long; stopped listing {ns}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await Send(http, request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RepositoryListingException(
                    $"Docker Hub refused to list repositories of '{ns}' for {username} ({(int)response.StatusCode}); check the namespace and that the token may read it",
                    (int)response.StatusCode);
            }

            var (names, nextText) = ReadPage(body, ns);
            foreach (var name in names)
            {
                yield return name;
            }

            next = string.IsNullOrEmpty(nextText) ? null : new Uri(next, nextText);
        }
    }

    /// <summary>Whether <paramref name="ns"/> is one path component of an image name (what a Hub namespace is).</summary>
    internal static bool IsNamespace(string ns) =>
        ImageReference.TryParse($"{RegistryHost.DockerHubName}/{ns}/x", out var parsed) && parsed.Repository == ns + "/x";

    private static async Task<string> LoginAsync(HttpClient http, Uri api, string username, string password, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "v2/users/login"))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new DockerHubLogin(username, password), ProviderJsonContext.Default.DockerHubLogin)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Send(http, request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RepositoryListingException(
                $"Docker Hub login failed for {username} ({(int)response.StatusCode}); check the username and access token",
                (int)response.StatusCode);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return ProviderHttp.String(document.RootElement, "token") is { Length: > 0 } token
                ? token
                : throw new RepositoryListingException("Docker Hub login answered without a token");
        }
        catch (JsonException ex)
        {
            throw new RepositoryListingException("Docker Hub login answered with something that is not JSON", inner: ex);
        }
    }

    private static (List<string> Names, string? Next) ReadPage(byte[] body, string ns)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var names = new List<string>();
            if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in results.EnumerateArray())
                {
                    if (ProviderHttp.String(item, "name") is { Length: > 0 } name)
                    {
                        names.Add((ProviderHttp.String(item, "namespace") ?? ns) + "/" + name);
                    }
                }
            }

            return (names, ProviderHttp.String(root, "next"));
        }
        catch (JsonException ex)
        {
            throw new RepositoryListingException($"Docker Hub answered the repository listing of '{ns}' with something that is not JSON", inner: ex);
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RepositoryListingException($"could not reach Docker Hub at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {ex.Message}", inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RepositoryListingException($"Docker Hub at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0.###} s", inner: ex);
        }

        await ProviderHttp.BufferAsync(http, request, response, "Docker Hub API", (message, inner) => new RepositoryListingException(message, inner: inner), cancellationToken)
            .ConfigureAwait(false);
        return response;
    }
}
