using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// A registry written to hurt its clients (DESIGN.md "Hostile peers"), on 127.0.0.1 over plain http: it holds one tiny
/// image, <c>team/app:1.0</c>, and misbehaves as its <see cref="HostileBehavior"/> says — replies that never end or
/// claim gigabytes, pages that never stop, bodies that stall after 10 bytes. Two paths misbehave whatever the behaviour,
/// for clients other than the registry client (provider APIs, token endpoints): <c>/endless…</c> answers any method with
/// a JSON body that never ends, <c>/stall…</c> with 10 bytes and then silence.
/// </summary>
public sealed class HostileRegistry : IAsyncDisposable
{
    public const string Repository = "team/app";
    public const string Tag = "1.0";

    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));

    private readonly WebApplication app;
    private readonly TinyImage image;
    private int tokenRequests;
    private int pageRequests;
    private int manifestRequests;
    private int blobRequests;
    private long bytesSent;

    private HostileRegistry(WebApplication app, TinyImage image, HostileBehavior behavior, int hugePageBytes)
    {
        this.app = app;
        this.image = image;
        Behavior = behavior;
        HugePageBytes = hugePageBytes;
    }

    public HostileBehavior Behavior { get; }

    /// <summary>The size of each page with <see cref="HostileBehavior.HugeTagPages"/>.</summary>
    public int HugePageBytes { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of image references.</summary>
    public string Host => BaseUri.Authority;

    /// <summary><c>127.0.0.1:PORT/team/app:1.0</c>.</summary>
    public string ImageReference => $"{Host}/{Repository}:{Tag}";

    /// <summary>The digest of the layer (the blob that stalls with <see cref="HostileBehavior.StallingBlob"/>).</summary>
    public string LayerDigest => image.Layer.Digest;

    /// <summary>An endpoint that answers any request with a 200 JSON body that never ends.</summary>
    public Uri EndlessEndpoint => new(BaseUri, "endless");

    /// <summary>An endpoint that answers any request with 200, 10 bytes, then nothing.</summary>
    public Uri StallEndpoint => new(BaseUri, "stall");

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    public int PageRequests => Volatile.Read(ref pageRequests);

    public int ManifestRequests => Volatile.Read(ref manifestRequests);

    public int BlobRequests => Volatile.Read(ref blobRequests);

    /// <summary>Body bytes written so far, over all requests.</summary>
    public long BytesSent => Interlocked.Read(ref bytesSent);

    public static async Task<HostileRegistry> StartAsync(HostileBehavior behavior, int hugePageBytes = 7 * 1024 * 1024, CancellationToken ct = default)
    {
        var image = await TinyImage.GetAsync(ct);
        var app = LoopbackWebServer.CreateBuilder().Build();
        var registry = new HostileRegistry(app, image, behavior, hugePageBytes);
        app.Run(registry.HandleAsync);
        try
        {
            registry.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }

        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stalled responses are still open; disposing the app closes them.
        }

        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        try
        {
            await RouteAsync(context, path);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (that is the point): the connection is done.
            context.Abort();
        }
    }

    private async Task RouteAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var ct = context.RequestAborted;
        if (path.StartsWith("/endless", StringComparison.Ordinal))
        {
            await EndlessAsync(context, 200, "application/json", "{\"access_token\":\"", ct);
            return;
        }

        if (path.StartsWith("/stall", StringComparison.Ordinal))
        {
            await StallAsync(context, "application/json", 1024, ct);
            return;
        }

        var tokens = Behavior is HostileBehavior.EndlessTokenReply or HostileBehavior.HugeTokenReply;
        if (path == "/token")
        {
            Interlocked.Increment(ref tokenRequests);
            if (Behavior == HostileBehavior.HugeTokenReply)
            {
                context.Response.ContentLength = 6L * 1024 * 1024 * 1024;
            }

            await EndlessAsync(context, 200, "application/json", "{\"token\":\"", ct);
            return;
        }

        if (tokens && request.Headers.Authorization.Count == 0)
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"{new Uri(BaseUri, "token")}\",service=\"hostile\",scope=\"repository:{Repository}:pull\"";
            await WriteAsync(context, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}", ct);
            return;
        }

        if (path == "/v2/" || path == "/v2")
        {
            await WriteAsync(context, "application/json", "{}", ct);
            return;
        }

        if (path == "/v2/_catalog")
        {
            await ListAsync(context, "repositories", "r", ct);
            return;
        }

        var prefix = $"/v2/{Repository}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await NotFoundAsync(context, "NAME_UNKNOWN", ct);
            return;
        }

        var rest = path[prefix.Length..];
        if (rest == "tags/list")
        {
            await ListAsync(context, "tags", "t", ct);
        }
        else if (rest.StartsWith("manifests/", StringComparison.Ordinal))
        {
            await ManifestAsync(context, rest["manifests/".Length..], ct);
        }
        else if (rest.StartsWith("blobs/", StringComparison.Ordinal))
        {
            await BlobAsync(context, rest["blobs/".Length..], ct);
        }
        else
        {
            await NotFoundAsync(context, "UNSUPPORTED", ct);
        }
    }

    private async Task ManifestAsync(HttpContext context, string reference, CancellationToken ct)
    {
        Interlocked.Increment(ref manifestRequests);
        var head = HttpMethods.IsHead(context.Request.Method);
        if (Behavior == HostileBehavior.EndlessErrorBody && !head)
        {
            await EndlessAsync(context, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"", ct);
            return;
        }

        if (reference != Tag && reference != image.Digest)
        {
            await NotFoundAsync(context, "MANIFEST_UNKNOWN", ct);
            return;
        }

        const string mediaType = "application/vnd.oci.image.manifest.v1+json";
        context.Response.Headers["Docker-Content-Digest"] = image.Digest;
        if (head)
        {
            context.Response.ContentType = mediaType;
            context.Response.ContentLength = image.ManifestBytes.Length;
            return;
        }

        switch (Behavior)
        {
            case HostileBehavior.EndlessManifest:
                await EndlessAsync(context, 200, mediaType, $"{{\"schemaVersion\":2,\"mediaType\":\"{mediaType}\",\"annotations\":{{\"x\":\"", ct);
                return;
            case HostileBehavior.StallingManifest:
                await StallAsync(context, mediaType, image.ManifestBytes.Length, ct);
                return;
            default:
                context.Response.ContentType = mediaType;
                context.Response.ContentLength = image.ManifestBytes.Length;
                await SendAsync(context, image.ManifestBytes, ct);
                return;
        }
    }

    private async Task BlobAsync(HttpContext context, string digest, CancellationToken ct)
    {
        Interlocked.Increment(ref blobRequests);
        var bytes = digest == image.Layer.Digest ? image.LayerBytes : digest == image.Config.Digest ? image.ConfigBytes : null;
        if (bytes is null)
        {
            await NotFoundAsync(context, "BLOB_UNKNOWN", ct);
            return;
        }

        context.Response.Headers["Docker-Content-Digest"] = digest;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = bytes.Length;
            return;
        }

        if (Behavior == HostileBehavior.StallingBlob)
        {
            await StallAsync(context, "application/octet-stream", bytes.Length, ct);
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        await SendAsync(context, bytes, ct);
    }

    private async Task ListAsync(HttpContext context, string property, string letter, CancellationToken ct)
    {
        Interlocked.Increment(ref pageRequests);
        var page = int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        var path = context.Request.Path.Value;
        var next = $"<{path}?page={page + 1}&n=100>; rel=\"next\"";
        switch (Behavior)
        {
            case HostileBehavior.EndlessErrorBody:
                await EndlessAsync(context, 404, "application/json", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"", ct);
                return;
            case HostileBehavior.EndlessTagPage:
                await EndlessAsync(context, 200, "application/json", $"{{\"name\":\"{Repository}\",\"{property}\":[\"", ct);
                return;
            case HostileBehavior.EndlessTagPages:
                context.Response.Headers.Link = next;
                var names = Enumerable.Range(0, 100).Select(i => $"\"{letter}{page}-{i}\"");
                await WriteAsync(context, "application/json", $"{{\"name\":\"{Repository}\",\"{property}\":[{string.Join(',', names)}]}}", ct);
                return;
            case HostileBehavior.HugeTagPages:
                context.Response.Headers.Link = next;
                await WriteAsync(context, "application/json", HugePage(property, letter, page), ct);
                return;
            default:
                var single = property == "tags" ? $"\"{Tag}\"" : $"\"{Repository}\"";
                await WriteAsync(context, "application/json", $"{{\"name\":\"{Repository}\",\"{property}\":[{single}]}}", ct);
                return;
        }
    }

    /// <summary>A page of <see cref="HugePageBytes"/> bytes: short distinct names, as many as fit.</summary>
    private string HugePage(string property, string letter, int page)
    {
        var text = new StringBuilder(HugePageBytes + 64);
        text.Append("{\"").Append(property).Append("\":[");
        for (var i = 0; text.Length < HugePageBytes - 32; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append('"').Append(letter).Append(page.ToString(CultureInfo.InvariantCulture)).Append('-').Append(i.ToString(CultureInfo.InvariantCulture)).Append('"');
        }

        return text.Append("]}").ToString();
    }

    private static async Task NotFoundAsync(HttpContext context, string code, CancellationToken ct)
    {
        context.Response.StatusCode = 404;
        await WriteAsync(context, "application/json", $"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"not here\"}}]}}", ct);
    }

    private static Task WriteAsync(HttpContext context, string contentType, string body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(bytes, ct).AsTask();
    }

    private async Task SendAsync(HttpContext context, byte[] bytes, CancellationToken ct)
    {
        await context.Response.Body.WriteAsync(bytes, ct);
        Interlocked.Add(ref bytesSent, bytes.Length);
    }

    /// <summary>Writes <paramref name="start"/>, then filler, until the client goes away.</summary>
    private async Task EndlessAsync(HttpContext context, int status, string contentType, string start, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await SendAsync(context, Encoding.UTF8.GetBytes(start), ct);
        while (!ct.IsCancellationRequested)
        {
            await SendAsync(context, Filler, ct);
        }
    }

    /// <summary>Announces <paramref name="length"/> bytes, sends 10, then nothing until the client goes away.</summary>
    private async Task StallAsync(HttpContext context, string contentType, int length, CancellationToken ct)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = Math.Max(length, 11);
        await SendAsync(context, Filler.AsSpan(0, 10).ToArray(), ct);
        await context.Response.Body.FlushAsync(ct);
        await Task.Delay(Timeout.Infinite, ct);
    }
}
