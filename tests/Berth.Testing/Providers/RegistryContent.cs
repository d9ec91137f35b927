using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Berth.Testing.Providers;

/// <summary>What a real registry holds, read through its own API: the provider fakes answer from it, not from a list of their own.</summary>
internal static class RegistryContent
{
    public static async Task<List<string>> RepositoriesAsync(HttpClient client, RegistryCredentials? credentials, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/_catalog?n=1000");
        Authorize(request, credentials);
        using var response = await client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        return [.. (json?["repositories"]?.AsArray() ?? []).Select(e => (string?)e ?? "").Where(e => e.Length > 0).Order(StringComparer.Ordinal)];
    }

    public static async Task<List<string>> TagsAsync(HttpClient client, RegistryCredentials? credentials, string repository, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/tags/list");
        Authorize(request, credentials);
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        return [.. (json?["tags"]?.AsArray() ?? []).Select(e => (string?)e ?? "").Where(e => e.Length > 0).Order(StringComparer.Ordinal)];
    }

    public static async Task<string?> DigestAsync(HttpClient client, RegistryCredentials? credentials, string repository, string tag, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/manifests/{tag}");
        Authorize(request, credentials);
        foreach (var type in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
                     "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await client.SendAsync(request, ct);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    private static void Authorize(HttpRequestMessage request, RegistryCredentials? credentials)
    {
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.ToBasicHeaderValue());
        }
    }
}
