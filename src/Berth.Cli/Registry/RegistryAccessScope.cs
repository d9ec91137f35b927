using Berth.Connections;
using Berth.Distribution;

namespace Berth.Cli.Registry;

/// <summary>A registry client and the saved connection it was built from (null for ad-hoc or anonymous access).</summary>
internal sealed class RegistryAccessScope(RegistryClient client, Connection? connection) : IDisposable
{
    public RegistryClient Client { get; } = client;

    public Connection? Connection { get; } = connection;

    public void Dispose()
    {
        Client.Dispose();
    }
}
