using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// A loopback http server standing in for the place a foreign layer's <c>urls</c> point at (a vendor's CDN): serves one
/// file at <c>/layer</c>, 404 elsewhere, and counts the requests for <c>/layer</c>.
/// </summary>
public sealed class LayerUrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private LayerUrlServer(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The file served at <c>/layer</c>; set it before a client asks.</summary>
    public string? FilePath { get; set; }

    public int Hits => Volatile.Read(ref _hits);

    public string LayerUrl => new Uri(BaseUri, "layer").ToString();

    public string MissingUrl => new Uri(BaseUri, "missing").ToString();

    public static async Task<LayerUrlServer> StartAsync(CancellationToken ct = default)
    {
        var app = LoopbackWebServer.CreateBuilder().Build();
        var server = new LayerUrlServer(app);
        app.Run(server.HandleAsync);
        server.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/layer" || FilePath is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _hits);
        await context.Response.SendFileAsync(FilePath, context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
