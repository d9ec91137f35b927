using Berth.Connections.UseCases;
using Berth.Server.Background;
using Berth.Server.Hosting;

namespace Berth.Server.Jobs;

/// <summary>Renews short-lived credentials expiring before the slot after next, so no caller ever meets an expired one.</summary>
internal sealed partial class CredentialRenewalJob(
    ServerStores stores,
    ConnectionUseCases connections,
    BerthServerOptions options,
    JobRunLog log,
    TimeProvider time,
    ILogger<CredentialRenewalJob> logger) : PeriodicJob(log, time, logger)
{
    public const string Name = "credentials";

    protected override async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var horizon = Time.GetUtcNow() + options.BackgroundInterval * 2 + TimeSpan.FromMinutes(5);
        var count = 0;
        foreach (var connection in (await ConnectionSweep.AllAsync(stores, cancellationToken).ConfigureAwait(false))
                     .Where(c => c.CredentialExpiresAt is { } e && e < horizon))
        {
            try
            {
                await connections.RenewCredentialAsync(connection, cancellationToken).ConfigureAwait(false);
                count++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectionFailed(Logger, connection.Name, e.Message);
            }
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "credential renewal: connection {Connection}: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string connection, string reason);
}
