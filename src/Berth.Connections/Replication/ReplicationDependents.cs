using Berth.Connections.UseCases;

namespace Berth.Connections.Replication;

/// <summary>
/// Replication policies depend on their source and destination connections. Removing a connection with detach
/// deletes its policies (they cannot run without it); renames do not touch them (they hold connection ids).
/// </summary>
public sealed class ReplicationDependents(IReplicationStore replications, IReplicationScheduler scheduler) : IConnectionDependents
{
    public const string Kind = "replication-policy";

    public async Task<IReadOnlyList<ConnectionDependent>> FindAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return (await replications.ListPoliciesUsingAsync(connection.Id, cancellationToken).ConfigureAwait(false))
            .Select(p => new ConnectionDependent(Kind, p.Id.ToString("D"),
                $"replication policy {p.Name} ({(p.SourceConnectionId == connection.Id ? "source" : "destination")})"))
            .ToList();
    }

    public async Task DetachAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var policy in await replications.ListPoliciesUsingAsync(connection.Id, cancellationToken).ConfigureAwait(false))
        {
            await scheduler.UnscheduleAsync(policy, cancellationToken).ConfigureAwait(false);
            await replications.DeletePolicyAsync(policy.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RenamedAsync(Connection connection, string oldName, CancellationToken cancellationToken) => Task.CompletedTask;
}
