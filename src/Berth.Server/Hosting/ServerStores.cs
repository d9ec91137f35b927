using Berth.Connections.Jobs;
using Berth.Connections.PullSecrets;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;

namespace Berth.Server.Hosting;

/// <summary>The stores one server instance opened over its database; disposed with the host.</summary>
public sealed class ServerStores(IConnectionStore connections, ITokenStore tokens, IJobStore jobs) : IAsyncDisposable
{
    public IConnectionStore Connections { get; } = connections;

    public ITokenStore Tokens { get; } = tokens;

    public IJobStore Jobs { get; } = jobs;

    /// <summary>Kubernetes pull-secret targets (cluster tokens encrypted under the master key).</summary>
    public required IPullSecretStore PullSecrets { get; init; }

    public async ValueTask DisposeAsync()
    {
        await PullSecrets.DisposeAsync().ConfigureAwait(false);
        await Jobs.DisposeAsync().ConfigureAwait(false);
        await Tokens.DisposeAsync().ConfigureAwait(false);
        await Connections.DisposeAsync().ConfigureAwait(false);
    }
}
