using Berth.Connections.Replication;
using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

public sealed record ReplicationRow(ReplicationPolicyView Policy, IReadOnlyList<ReplicationRunView> Runs);

public sealed record ReplicationsView(Caller Caller, IReadOnlyList<ReplicationRow> Policies, string? Notice)
{
    /// <summary>Queued or running runs: the page follows them by reloading itself.</summary>
    public bool AnyRunning => Policies.Any(p => p.Runs.Any(r => !ReplicationRunStatus.IsFinished(r.Status)));
}
