using Berth.Connections.Capabilities;
using Berth.Connections.Storage;
using Berth.Connections.Verification;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>What the connection's registry showed it can do at its last verify; null when never probed.</summary>
    public async Task<RegistryCapabilities?> CapabilitiesAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return store is ICapabilityStore capabilities && connection.Id != Guid.Empty
            ? await capabilities.GetCapabilitiesAsync(connection.Id, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Where the connection's repositories come from, given its last probe.</summary>
    public async Task<Providers.RepositorySource> RepositorySourceAsync(Connection connection, CancellationToken cancellationToken) =>
        Providers.RepositoryLister.SourceOf(connection, await CapabilitiesAsync(connection, cancellationToken).ConfigureAwait(false));

    private async Task RecordCapabilitiesAsync(Connection saved, VerifyReport report, CancellationToken cancellationToken)
    {
        if (report.Capabilities is { } found && store is ICapabilityStore capabilities)
        {
            await capabilities.SaveCapabilitiesAsync(saved.Id, found, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }
}
