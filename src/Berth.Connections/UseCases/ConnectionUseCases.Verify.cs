using Berth.Connections.Verification;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>Ping, authenticate, list tags of each listed repository; records health and expiry, audits.</summary>
    public async Task<VerifyReport> VerifyAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(actor, connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies a connection already looked up (the background health check walks every organization's).</summary>
    public async Task<VerifyReport> VerifyAsync(Actor actor, Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(connection);
        var report = await CheckAsync(connection, cancellationToken).ConfigureAwait(false);
        await RecordAsync(connection, report, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "connection.verify", connection, report.Ok ? "ok" : "failed: " + Truncate(report.Summary, 200), cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>Verifies without recording (a draft, or the background health check which records itself).</summary>
    private async Task<VerifyReport> CheckAsync(Connection connection, CancellationToken cancellationToken)
    {
        if (ConnectionAddress.TryOf(connection, out var url, out _)
            && await clients.Context.Addresses.CheckAsync(url.Host.Hostname, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return new VerifyReport([new VerifyStep("reach", VerifyOutcome.Failed, ConnectionInputRules.UrlRefusal(refused))], null);
        }

        return await new ConnectionVerifier(clients).VerifyAsync(connection, cancellationToken).ConfigureAwait(false);
    }
}
