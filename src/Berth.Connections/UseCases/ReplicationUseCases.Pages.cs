using Berth.Connections.Paging;
using Berth.Connections.Replication;
using Berth.Connections.Storage;

namespace Berth.Connections.UseCases;

public sealed partial class ReplicationUseCases
{
    /// <summary>
    /// One page of the organization's policies, by name (case ignored) then id, their connections named by one
    /// lookup that reads no secret.
    /// </summary>
    public async Task<Page<ReplicationPolicyView>> ListPageAsync(Actor actor, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await replications.ListPoliciesPageAsync(actor.OrganizationId, page, cancellationToken).ConfigureAwait(false);
        if (Store is not IConnectionNameLookup lookup)
        {
            var loaded = new List<ReplicationPolicyView>(rows.Items.Count);
            foreach (var policy in rows.Items)
            {
                loaded.Add(await ViewAsync(policy, cancellationToken).ConfigureAwait(false));
            }

            return new Page<ReplicationPolicyView>(loaded, rows.Next, rows.Previous);
        }

        var names = await lookup.ConnectionNamesAsync([.. rows.Items.SelectMany(p => new[] { p.SourceConnectionId, p.DestinationConnectionId })], cancellationToken)
            .ConfigureAwait(false);
        var views = rows.Items.Select(p => View(p, names.GetValueOrDefault(p.SourceConnectionId), names.GetValueOrDefault(p.DestinationConnectionId))).ToList();
        return new Page<ReplicationPolicyView>(views, rows.Next, rows.Previous);
    }

    /// <summary>One page of a policy's runs, newest first (then by id), with per-image results.</summary>
    /// <exception cref="UnknownReplicationException">No such policy.</exception>
    public async Task<Page<ReplicationRunView>> ListRunsPageAsync(Actor actor, string name, PageRequest page, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var rows = await replications.ListRunsPageAsync(policy.Id, page, cancellationToken).ConfigureAwait(false);
        return new Page<ReplicationRunView>(rows.Items.Select(r => ReplicationRunView.Of(r, policy.Name)).ToList(), rows.Next, rows.Previous);
    }
}
