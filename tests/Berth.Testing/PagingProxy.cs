using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// A loopback reverse proxy (plain http) in front of a <see cref="RegistryServer"/>. Everything passes through
/// untouched and streamed — auth headers, challenges (realm not rewritten), upload Locations (the registry builds
/// them from the forwarded Host, so they point back at the proxy) — except <c>GET /v2/NAME/tags/list</c> and
/// <c>GET /v2/_catalog</c>, which it pages itself from the full upstream list, with Distribution-style relative
/// <c>Link: &lt;…&gt;; rel="next"</c> headers. Tag paging can be tested this way although Distribution 2.8 never pages tags.
/// </summary>
public sealed class PagingProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstreamClient;
    private readonly ConcurrentQueue<string> log = new();
    private int requests;
    private int pagedRequests;

    private PagingProxy(RegistryServer upstream, PagingProxyOptions options, WebApplication app)
    {
        Upstream = upstream;
        Options = options;
        this.app = app;
        upstreamClient = ProxyForwarding.CreateUpstreamClient(upstream);
    }

    public RegistryServer Upstream { get; }

    public PagingProxyOptions Options { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => BaseUri.Authority;

    /// <summary>All requests received.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Requests answered by the proxy's own paging (tags/list, _catalog).</summary>
    public int PagedRequests => Volatile.Read(ref pagedRequests);

    /// <summary><c>METHOD /path?query</c> of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => [.. log];

    public void ResetCounters()
    {
        log.Clear();
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref pagedRequests, 0);
    }

    public static async Task<PagingProxy> StartAsync(RegistryServer upstream, PagingProxyOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        options ??= new PagingProxyOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        var app = LoopbackWebServer.CreateBuilder().Build();
        var proxy = new PagingProxy(upstream, options, app);
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
        Interlocked.Increment(ref requests);
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        log.Enqueue($"{request.Method} {path}{request.QueryString}");

        if (HttpMethods.IsGet(request.Method))
        {
            if (Options.PaginateCatalog && path == "/v2/_catalog")
            {
                Interlocked.Increment(ref pagedRequests);
                await ServePageAsync(context, "/v2/_catalog", "repositories", null);
                return;
            }
            if (Options.PaginateTags && path.StartsWith("/v2/", StringComparison.Ordinal) && path.EndsWith("/tags/list", StringComparison.Ordinal) && path.Length > "/v2//tags/list".Length)
            {
                Interlocked.Increment(ref pagedRequests);
                var name = path["/v2/".Length..^"/tags/list".Length];
                await ServePageAsync(context, path, "tags", name);
                return;
            }
        }
        using var forwarded = CreateUpstreamRequest(context, path + request.QueryString, withBody: true);
        using var response = await upstreamClient.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        await CopyResponseAsync(context, response);
    }

    private async Task ServePageAsync(HttpContext context, string path, string field, string? name)
    {
        var all = new List<string>();
        var next = path;
        while (next is not null)
        {
            using var upstreamRequest = CreateUpstreamRequest(context, next, withBody: false);
            using var response = await upstreamClient.SendAsync(upstreamRequest, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
            if (!response.IsSuccessStatusCode)
            {
                await CopyResponseAsync(context, response); // 401 challenges, 404 NAME_UNKNOWN … pass through as they are.
                return;
            }
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(context.RequestAborted));
            all.AddRange((json?[field]?.AsArray() ?? []).Select(e => (string?)e ?? ""));
            next = NextLink(response);
        }
        all.Sort(StringComparer.Ordinal);

        var query = context.Request.Query;
        int? n = int.TryParse(query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var last = (string?)query["last"];
        var remaining = string.IsNullOrEmpty(last) ? all : all.Where(e => string.CompareOrdinal(e, last) > 0).ToList();
        var limit = Options.IgnoreN || n is null ? Options.PageSize : Math.Min(n.Value, Options.PageSize);
        var take = Options.ShortPages && remaining.Count > limit ? Math.Max(1, limit / 2) : limit;
        var page = remaining.Take(take).ToList();

        var body = new JsonObject();
        if (name is not null)
        {
            body["name"] = name;
        }
        body[field] = new JsonArray([.. page.Select(e => (JsonNode)JsonValue.Create(e))]);
        if (page.Count > 0 && remaining.Count > page.Count)
        {
            var linkN = (n ?? Options.PageSize).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.Link = $"<{path}?n={linkN}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        }
        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }
        var link = values.First();
        var start = link.IndexOf('<', StringComparison.Ordinal);
        var end = link.IndexOf('>', StringComparison.Ordinal);
        if (start < 0 || end <= start)
        {
            return null;
        }
        var target = link[(start + 1)..end];
        // Not Uri.TryCreate(…, Absolute): on Unix "/v2/…" parses as an absolute file:// URI.
        return target.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? new Uri(target).PathAndQuery : target;
    }

    private HttpRequestMessage CreateUpstreamRequest(HttpContext context, string pathAndQuery, bool withBody)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Upstream.BaseUri, pathAndQuery));
        if (withBody && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            message.Content = new StreamContent(request.Body);
        }
        ProxyForwarding.CopyRequestHeaders(request, message);
        return message;
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response)
    {
        ProxyForwarding.CopyResponseHead(context, response);
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        await app.DisposeAsync();
        upstreamClient.Dispose();
    }
}
