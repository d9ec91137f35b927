using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Providers;

/// <summary>
/// Docker Hub's pull-rate headers in front of a real registry, as Docker's documentation gives them: every manifest
/// GET and HEAD answer carries <c>ratelimit-limit: LIMIT;w=WINDOW</c>, <c>ratelimit-remaining: REMAINING;w=WINDOW</c>
/// and <c>docker-ratelimit-source</c>. Only GETs of manifests count against the limit; HEADs do not. Everything else,
/// including the token challenge naming the token service on its own port, passes through untouched.
/// </summary>
public sealed class RateLimitedFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RegistryForwarder _forwarder;
    private int _remaining;

    private RateLimitedFront(WebApplication app, RegistryServer upstream, int limit, int remaining, int windowSeconds)
    {
        _app = app;
        _forwarder = new RegistryForwarder(upstream);
        Limit = limit;
        _remaining = remaining;
        WindowSeconds = windowSeconds;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => BaseUri.Authority;

    public int Limit { get; }

    public int WindowSeconds { get; }

    /// <summary>Pulls left in the window (manifest GETs count, HEADs do not).</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    public static async Task<RateLimitedFront> StartAsync(RegistryServer upstream, int limit = 100, int remaining = 76, int windowSeconds = 21600, CancellationToken ct = default)
    {
        var app = LoopbackWebServer.CreateBuilder().Build();
        var front = new RateLimitedFront(app, upstream, limit, remaining, windowSeconds);
        app.Run(front.HandleAsync);
        front.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        return front;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Contains("/manifests/", StringComparison.Ordinal) && context.Request.Headers.Authorization.Count > 0)
        {
            var left = HttpMethods.IsGet(context.Request.Method) ? Interlocked.Decrement(ref _remaining) : Volatile.Read(ref _remaining);
            context.Response.OnStarting(() =>
            {
                var w = WindowSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["ratelimit-limit"] = $"{Limit.ToString(CultureInfo.InvariantCulture)};w={w}";
                context.Response.Headers["ratelimit-remaining"] = $"{Math.Max(0, left).ToString(CultureInfo.InvariantCulture)};w={w}";
                context.Response.Headers["docker-ratelimit-source"] = "127.0.0.1";
                return Task.CompletedTask;
            });
        }

        await _forwarder.ForwardAsync(context, path + context.Request.QueryString);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }
}
