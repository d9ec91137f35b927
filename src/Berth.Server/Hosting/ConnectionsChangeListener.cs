namespace Berth.Server.Hosting;

/// <summary>
/// Lets the store follow connection changes made by other replicas (PostgreSQL LISTEN/NOTIFY), so registry lists check
/// their kept answers without a database round trip; nothing to do on SQLite, where the check reads the file.
/// </summary>
internal sealed partial class ConnectionsChangeListener(ServerStores stores, ILogger<ConnectionsChangeListener> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        stores.Connections.ListenForChangesAsync(e => ListenerFailed(logger, e.GetType().Name, e.Message), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection change listener lost its database connection ({Kind}: {Reason}); list versions are read from the database until it reconnects")]
    private static partial void ListenerFailed(ILogger logger, string kind, string reason);
}
