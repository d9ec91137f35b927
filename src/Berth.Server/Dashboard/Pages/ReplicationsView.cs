using Berth.Connections.Replication;
using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

public sealed record ReplicationRow(ReplicationPolicyView Policy, IReadOnlyList<ReplicationRunView> Runs);

/// <summary>One page of policies by name, each with its last runs, and the links of the pages around it (null: none).</summary>
public sealed record ReplicationsView(Caller Caller, IReadOnlyList<ReplicationRow> Policies, string? Notice, string? NextUrl = null, string? PreviousUrl = null)
{
    /// <summary>Queued or running runs: the page follows them by reloading itself.</summary>
    public bool AnyRunning => Policies.Any(p => p.Runs.Any(r => !ReplicationRunStatus.IsFinished(r.Status)));
}
