using Berth.Connections.Paging;
using Berth.Diagnostics;

namespace Berth.Server.Hosting;

/// <summary>
/// Keeps the <c>berth_credential_expiry_seconds</c> gauge current with what the database says, so a credential
/// renewed by another replica (or the CLI) shows here too; reads summaries only, never a secret. The database is the
/// one source: the gauge holds this server's last reading, which only this observer replaces.
/// </summary>
internal sealed partial class CredentialExpiryObserver(ServerStores stores, TimeProvider time, ILogger<CredentialExpiryObserver> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await ObserveAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the gauge for good; it is logged and tried again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ObserveFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Reads every connection's expiry and replaces this server's rows of the gauge with them.</summary>
    internal async Task ObserveAsync(CancellationToken ct)
    {
        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var organization in await stores.Connections.ListOrganizationsAsync(ct).ConfigureAwait(false))
        {
            var request = PageRequest.First(PageRequest.MaxLimit);
            while (true)
            {
                var page = await stores.Connections.ListConnectionSummariesAsync(organization.Id, request, ct).ConfigureAwait(false);
                foreach (var summary in page.Items)
                {
                    if (summary.Connection.CredentialExpiresAt is { } expires)
                    {
                        expiries[summary.Connection.Name] = expires;
                    }
                }

                if (page.Next is not { } next)
                {
                    break;
                }

                request = request with { Cursor = next };
            }
        }

        BerthMetrics.ReportCredentialExpiries(this, expiries);
    }

    public override void Dispose()
    {
        BerthMetrics.ForgetCredentialExpiries(this);
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "credential expiry gauge not refreshed ({Kind}: {Reason}); trying again in 30 s")]
    private static partial void ObserveFailed(ILogger logger, string kind, string reason);
}
