using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Distribution;

namespace Berth.Cli.Registry;

/// <summary>A registry client and what it was built from; disposing releases all of it.</summary>
internal sealed class RegistryAccessScope(RegistryClient client, Connection? connection, ConnectionCredentialProvider? credentials,
    IConnectionStore? store = null) : IAsyncDisposable
{
    public RegistryClient Client { get; } = client;

    /// <summary>The saved connection serving the request, or null for ad-hoc/anonymous access.</summary>
    public Connection? Connection { get; } = connection;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        credentials?.Dispose();
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
