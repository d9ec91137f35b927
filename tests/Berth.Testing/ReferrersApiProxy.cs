using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// A loopback proxy that adds the OCI distribution 1.1 referrers API in front of a real <see cref="RegistryServer"/>
/// (Distribution 2.8 has none), written from the spec: a manifest PUT whose body has a <c>subject</c> is forwarded, then
/// indexed, and answered with <c>OCI-Subject: &lt;subject digest&gt;</c>; <c>GET /v2/NAME/referrers/DIGEST</c> answers 200
/// with an OCI index of the descriptors (artifactType: the manifest's, else its config's media type; its annotations),
/// empty for an unknown digest; <c>?artifactType=</c> filters, with <c>OCI-Filters-Applied: artifactType</c>; pages of
/// <see cref="PageSize"/> entries are chained with <c>Link: &lt;…&gt;; rel="next"</c>. Everything else passes through.
/// </summary>
public sealed class ReferrersApiProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstreamClient;
    private readonly ConcurrentDictionary<(string Repository, string Subject), List<JsonObject>> index = new();
    private readonly ConcurrentQueue<string> log = new();

    private ReferrersApiProxy(RegistryServer upstream, WebApplication app)
    {
        Upstream = upstream;
        this.app = app;
        upstreamClient = ProxyForwarding.CreateUpstreamClient(upstream);
    }

    public RegistryServer Upstream { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => BaseUri.Authority;

    /// <summary>Entries per page of a referrers answer.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When false, <c>?artifactType=</c> is ignored (the spec lets a registry not filter) and no filter header is sent.</summary>
    public bool FiltersArtifactType { get; set; } = true;

    /// <summary><c>METHOD /path?query</c> of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => [.. log];

    public static async Task<ReferrersApiProxy> StartAsync(RegistryServer upstream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var app = LoopbackWebServer.CreateBuilder().Build();
        var proxy = new ReferrersApiProxy(upstream, app);
        app.Run(proxy.HandleAsync);
        try
        {
            proxy.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        log.Enqueue($"{request.Method} {path}{request.QueryString}");
        var referrers = path.IndexOf("/referrers/", StringComparison.Ordinal);
        if (HttpMethods.IsGet(request.Method) && path.StartsWith("/v2/", StringComparison.Ordinal) && referrers > 4)
        {
            await ServeReferrersAsync(context, path[4..referrers], path[(referrers + "/referrers/".Length)..]);
            return;
        }

        var manifests = path.IndexOf("/manifests/", StringComparison.Ordinal);
        if (HttpMethods.IsPut(request.Method) && path.StartsWith("/v2/", StringComparison.Ordinal) && manifests > 4)
        {
            await PutManifestAsync(context, path[4..manifests], path);
            return;
        }

        using var forwarded = Forward(context, path + request.QueryString, request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 ? new StreamContent(request.Body) : null);
        using var response = await upstreamClient.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        await CopyAsync(context, response);
    }

    private async Task PutManifestAsync(HttpContext context, string repository, string path)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        // The client's Content-Type and Content-Length are copied onto this content with the other headers.
        var content = new ByteArrayContent(bytes);
        using var forwarded = Forward(context, path + context.Request.QueryString, content);
        using var response = await upstreamClient.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        JsonObject? manifest = null;
        try
        {
            manifest = JsonNode.Parse(bytes) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        if (response.IsSuccessStatusCode && manifest?["subject"]?["digest"] is JsonValue subject)
        {
            var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            var descriptor = new JsonObject
            {
                ["mediaType"] = (string?)manifest["mediaType"] ?? context.Request.ContentType,
                ["digest"] = digest,
                ["size"] = bytes.Length,
                ["artifactType"] = (string?)manifest["artifactType"] ?? (string?)manifest["config"]?["mediaType"],
            };
            if (manifest["annotations"] is JsonObject annotations)
            {
                descriptor["annotations"] = annotations.DeepClone();
            }

            var list = index.GetOrAdd((repository, (string)subject!), _ => []);
            lock (list)
            {
                if (list.All(d => (string?)d["digest"] != digest))
                {
                    list.Add(descriptor);
                }
            }

            ProxyForwarding.CopyResponseHead(context, response);
            context.Response.Headers["OCI-Subject"] = (string)subject!;
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }

        await CopyAsync(context, response);
    }

    private async Task ServeReferrersAsync(HttpContext context, string repository, string subject)
    {
        var artifactType = (string?)context.Request.Query["artifactType"];
        var filter = FiltersArtifactType && !string.IsNullOrEmpty(artifactType);
        List<JsonObject> all;
        var list = index.GetOrAdd((repository, subject), _ => []);
        lock (list)
        {
            all = list.Where(d => !filter || (string?)d["artifactType"] == artifactType).ToList();
        }

        var start = int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page * PageSize : 0;
        var body = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new JsonArray([.. all.Skip(start).Take(PageSize).Select(d => d.DeepClone())]),
        };
        if (start + PageSize < all.Count)
        {
            var query = $"page={(start / PageSize) + 1}" + (string.IsNullOrEmpty(artifactType) ? "" : "&artifactType=" + Uri.EscapeDataString(artifactType));
            context.Response.Headers.Link = $"</v2/{repository}/referrers/{subject}?{query}>; rel=\"next\"";
        }

        if (filter)
        {
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        context.Response.ContentType = "application/vnd.oci.image.index.v1+json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private HttpRequestMessage Forward(HttpContext context, string pathAndQuery, HttpContent? content)
    {
        var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(Upstream.BaseUri, pathAndQuery)) { Content = content };
        ProxyForwarding.CopyRequestHeaders(context.Request, message);
        return message;
    }

    private static async Task CopyAsync(HttpContext context, HttpResponseMessage response)
    {
        ProxyForwarding.CopyResponseHead(context, response);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        upstreamClient.Dispose();
        await app.DisposeAsync();
    }
}
