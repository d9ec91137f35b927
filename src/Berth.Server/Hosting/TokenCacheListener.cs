using Berth.Connections.Tokens;

namespace Berth.Server.Hosting;

/// <summary>Keeps the token cache in step with token changes made by other replicas (PostgreSQL LISTEN/NOTIFY).</summary>
internal sealed partial class TokenCacheListener(ServerStores stores, ILogger<TokenCacheListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        stores.Tokens is CachingTokenStore cache
            ? cache.ListenAsync(e => ListenerFailed(logger, e.GetType().Name, e.Message), stoppingToken)
            : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "token change listener lost its database connection ({Kind}: {Reason}); cached tokens forgotten, reconnecting")]
    private static partial void ListenerFailed(ILogger logger, string kind, string reason);
}
