using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Distribution;
using Berth.Transfer;

namespace Berth.Cli.Registry;

/// <summary>A registry client and the saved connection it was built from (null for ad-hoc or anonymous access).</summary>
internal sealed class RegistryAccessScope(RegistryClient client, Connection? connection) : IDisposable
{
    public RegistryClient Client { get; } = client;

    public Connection? Connection { get; } = connection;

    /// <summary>What the connection's capability probe knows for copies (<see cref="RegistryClientFactory.EndpointHintsAsync"/>).</summary>
    public EndpointHints Hints { get; internal set; } = EndpointHints.Unknown;

    public void Dispose()
    {
        Client.Dispose();
    }
}
