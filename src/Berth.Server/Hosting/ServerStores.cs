using Berth.Connections.Copies;
using Berth.Connections.Jobs;
using Berth.Connections.PullSecrets;
using Berth.Connections.Replication;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;

namespace Berth.Server.Hosting;

/// <summary>The stores one server instance opened over its database; disposed with the host.</summary>
public sealed class ServerStores(IConnectionStore connections, ITokenStore tokens, IJobStore jobs, IReplicationStore replications, ICopyJobStore copyJobs) : IAsyncDisposable
{
    public IConnectionStore Connections { get; } = connections;

    public ITokenStore Tokens { get; } = tokens;

    public IJobStore Jobs { get; } = jobs;

    public IReplicationStore Replications { get; } = replications;

    public ICopyJobStore CopyJobs { get; } = copyJobs;

    /// <summary>Kubernetes pull-secret targets (cluster tokens encrypted under the master key).</summary>
    public required IPullSecretStore PullSecrets { get; init; }

    public async ValueTask DisposeAsync()
    {
        await PullSecrets.DisposeAsync().ConfigureAwait(false);
        await CopyJobs.DisposeAsync().ConfigureAwait(false);
        await Replications.DisposeAsync().ConfigureAwait(false);
        await Jobs.DisposeAsync().ConfigureAwait(false);
        await Tokens.DisposeAsync().ConfigureAwait(false);
        await Connections.DisposeAsync().ConfigureAwait(false);
    }
}
