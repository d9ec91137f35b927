using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.Testing;

/// <summary>
/// A quiet Kestrel app listening on sockets inside an <see cref="IsolatedNetwork"/> — a hostile registry on
/// 127.0.0.1 and a trap where a metadata service would be — recording every request it receives, with the address it
/// arrived at and the Authorization it carried.
/// </summary>
public sealed class IsolatedWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests;

    private IsolatedWebServer(WebApplication app, ConcurrentQueue<RecordedRequest> requests)
    {
        _app = app;
        _requests = requests;
    }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts the app on <paramref name="endpoints"/> inside <paramref name="network"/>; <paramref name="map"/> adds its routes.</summary>
    public static async Task<IsolatedWebServer> StartAsync(IsolatedNetwork network, IReadOnlyList<IPEndPoint> endpoints, Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Berth.Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            foreach (var endpoint in endpoints)
            {
                using var socket = network.Listen(endpoint);
                // Kestrel owns (and closes) the descriptor it is given: hand it a duplicate, close ours.
                var handle = Dup((int)socket.Handle);
                if (handle < 0)
                {
                    throw new InvalidOperationException($"dup failed (errno {Marshal.GetLastPInvokeError()})");
                }

                kestrel.ListenHandle((ulong)handle);
            }
        });

        var app = builder.Build();
        var requests = new ConcurrentQueue<RecordedRequest>();
        app.Use(async (context, next) =>
        {
            requests.Enqueue(new RecordedRequest(
                context.Connection.LocalIpAddress?.ToString() ?? "",
                context.Request.Method,
                context.Request.Host.Value ?? "",
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null));
            await next(context);
        });
        map(app);
        await app.StartAsync();
        return new IsolatedWebServer(app, requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static extern int Dup(int fd);
}
