using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Providers;

/// <summary>
/// A real registry served under a path prefix, as JFrog Artifactory serves a Docker repository
/// (<c>/artifactory/api/docker/REPO-KEY/v2/…</c>, the "repository path" method) or as a reverse proxy mounts one:
/// requests under <c>/PREFIX/v2/</c> go to the registry's <c>/v2/</c>, upload <c>Location</c>s come back under the
/// prefix, and the host's own <c>/v2/</c> answers 404, as Artifactory's does without a subdomain or port method.
/// </summary>
public sealed class PathPrefixProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RegistryForwarder _forwarder;
    private readonly ConcurrentQueue<string> _log = new();

    private PathPrefixProxy(WebApplication app, RegistryServer upstream, string prefix)
    {
        _app = app;
        _forwarder = new RegistryForwarder(upstream);
        Prefix = prefix;
    }

    /// <summary>The path the registry API is under, without slashes: <c>artifactory/api/docker/docker-local</c>.</summary>
    public string Prefix { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => BaseUri.Authority;

    /// <summary><c>METHOD /path</c> of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => [.. _log];

    public static async Task<PathPrefixProxy> StartAsync(RegistryServer upstream, string prefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var app = LoopbackWebServer.CreateBuilder().Build();
        var proxy = new PathPrefixProxy(app, upstream, prefix.Trim('/'));
        app.Run(proxy.HandleAsync);
        proxy.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _log.Enqueue($"{context.Request.Method} {path}");
        var mount = "/" + Prefix + "/v2/";
        if (!path.StartsWith(mount, StringComparison.Ordinal) && path != "/" + Prefix + "/v2")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"errors\":[{\"status\":404,\"message\":\"Not Found\"}]}");
            return;
        }

        var upstreamPath = "/v2/" + path[Math.Min(path.Length, mount.Length)..];
        await _forwarder.ForwardAsync(context, upstreamPath + context.Request.QueryString, Relocate);
    }

    /// <summary>The registry's <c>/v2/…</c> (absolute or not) as the same path under the prefix on this proxy.</summary>
    private string Relocate(string location)
    {
        var pathAndQuery = Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute.PathAndQuery
            : location;
        return pathAndQuery.StartsWith("/v2/", StringComparison.Ordinal) ? new Uri(BaseUri, "/" + Prefix + pathAndQuery).ToString() : location;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }
}
