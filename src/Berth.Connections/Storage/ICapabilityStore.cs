using Berth.Connections.Capabilities;

namespace Berth.Connections.Storage;

/// <summary>The last capability probe of each connection; removed with the connection.</summary>
public interface ICapabilityStore
{
    /// <summary>Replaces the connection's capabilities.</summary>
    /// <exception cref="ConnectionNotFoundException">No such connection.</exception>
    Task SaveCapabilitiesAsync(Guid connectionId, RegistryCapabilities capabilities, DateTimeOffset probedAt, CancellationToken cancellationToken);

    /// <summary>The last probe's findings; null when the connection was never probed or its record does not parse.</summary>
    Task<RegistryCapabilities?> GetCapabilitiesAsync(Guid connectionId, CancellationToken cancellationToken);
}
