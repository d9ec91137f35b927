using System.Net;
using System.Net.Http.Headers;

namespace Berth.Testing;

/// <summary>The few Distribution API calls the seeder needs, done plainly with HttpClient.</summary>
internal static class RegistryHttp
{
    public static async Task UploadBlobAsync(HttpClient client, string repository, string digest, byte[] bytes, CancellationToken ct)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"v2/{repository}/blobs/uploads/") { Content = new ByteArrayContent([]) };
        using var started = await client.SendAsync(start, ct);
        await EnsureAsync(started, HttpStatusCode.Accepted, $"start upload to {repository}", ct);
        await PutUploadAsync(client, started, digest, bytes, repository, ct);
    }

    /// <summary>Mounts <paramref name="digest"/> from <paramref name="from"/>; uploads it when the registry refuses the mount (202).</summary>
    public static async Task MountOrUploadAsync(HttpClient client, string repository, string from, string digest, byte[] bytes, CancellationToken ct)
    {
        using var mount = new HttpRequestMessage(HttpMethod.Post,
            $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}") { Content = new ByteArrayContent([]) };
        using var mounted = await client.SendAsync(mount, ct);
        if (mounted.StatusCode == HttpStatusCode.Created)
        {
            return;
        }
        await EnsureAsync(mounted, HttpStatusCode.Accepted, $"mount {digest} into {repository}", ct);
        await PutUploadAsync(client, mounted, digest, bytes, repository, ct);
    }

    public static async Task PutManifestAsync(HttpClient client, string repository, string reference, string mediaType, byte[] bytes, CancellationToken ct)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{reference}") { Content = content };
        using var response = await client.SendAsync(put, ct);
        await EnsureAsync(response, HttpStatusCode.Created, $"put manifest {repository}:{reference}", ct);
    }

    private static async Task PutUploadAsync(HttpClient client, HttpResponseMessage started, string digest, byte[] bytes, string repository, CancellationToken ct)
    {
        var location = started.Headers.Location ?? throw new HttpRequestException($"Upload to {repository} answered without Location.");
        // A relative Location can come back as a file:// URI on Unix; resolve anything not http(s) against the base.
        var uri = location.IsAbsoluteUri && location.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? location
            : new Uri(client.BaseAddress!, location.OriginalString);
        var separator = uri.Query.Length > 0 ? "&" : "?";
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(uri + separator + "digest=" + Uri.EscapeDataString(digest))) { Content = content };
        using var response = await client.SendAsync(put, ct);
        await EnsureAsync(response, HttpStatusCode.Created, $"complete upload of {digest} to {repository}", ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Could not {what}: {(int)response.StatusCode} {body.Trim()}", null, response.StatusCode);
        }
    }
}
