using Berth.Connections.Providers;
using Berth.Connections.Replication;
using Berth.Connections.Storage;

namespace Berth.Connections.UseCases;

/// <summary>
/// Replication policies (skopeo sync as a service): create, list, delete, run now, list and cancel runs. The API,
/// the CLI and the dashboard call these; the job engine calls <see cref="ReplicationRunner"/> to execute runs. Every
/// change is audited against the policy's source connection.
/// </summary>
public sealed partial class ReplicationUseCases(
    IReplicationStore replications,
    ConnectionUseCases connections,
    IReplicationScheduler scheduler,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private IConnectionStore Store => connections.Store;

    /// <exception cref="ReplicationValidationException">A field is missing or invalid (each error names it).</exception>
    /// <exception cref="DuplicateReplicationNameException">The organization has a policy of this name.</exception>
    public async Task<ReplicationPolicyView> CreateAsync(Actor actor, ReplicationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var definition = ReplicationRules.Validate(input, scheduler, errors);
        var source = await ConnectionOrErrorAsync(actor, "sourceRegistry", input.SourceRegistry, errors, cancellationToken).ConfigureAwait(false);
        var destination = await ConnectionOrErrorAsync(actor, "destinationRegistry", input.DestinationRegistry, errors, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            throw new ReplicationValidationException(errors);
        }

        var policy = new ReplicationPolicy(Guid.CreateVersion7(), actor.OrganizationId, input.Name!.Trim(), source!.Id, destination!.Id, definition, _time.GetUtcNow(), actor.Name);
        await replications.CreatePolicyAsync(policy, cancellationToken).ConfigureAwait(false);
        await scheduler.ScheduleAsync(policy, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "replication.create", policy, source, $"replication policy {policy.Name} created: {Describe(policy, source, destination)}", cancellationToken).ConfigureAwait(false);
        return View(policy, source, destination);
    }

    public async Task<IReadOnlyList<ReplicationPolicyView>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var views = new List<ReplicationPolicyView>();
        foreach (var policy in await replications.ListPoliciesAsync(actor.OrganizationId, cancellationToken).ConfigureAwait(false))
        {
            views.Add(await ViewAsync(policy, cancellationToken).ConfigureAwait(false));
        }

        return views;
    }

    /// <exception cref="UnknownReplicationException">No such policy.</exception>
    public async Task<ReplicationPolicyView> GetAsync(Actor actor, string name, CancellationToken cancellationToken) =>
        await ViewAsync(await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes the policy, its schedule and its run history.</summary>
    public async Task DeleteAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false);
        await scheduler.UnscheduleAsync(policy, cancellationToken).ConfigureAwait(false);
        await replications.DeletePolicyAsync(policy.Id, cancellationToken).ConfigureAwait(false);
        var source = await Store.GetConnectionAsync(policy.SourceConnectionId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "replication.delete", policy, source, $"replication policy {policy.Name} deleted", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a manual run; a free replica runs it. Returns the run (status queued).</summary>
    public async Task<ReplicationRunView> RunAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var run = await QueueAsync(policy, ReplicationTrigger.Manual, null, cancellationToken).ConfigureAwait(false);
        var source = await Store.GetConnectionAsync(policy.SourceConnectionId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "replication.run", policy, source, $"replication policy {policy.Name}: run {run!.Id:D} queued", cancellationToken).ConfigureAwait(false);
        return ReplicationRunView.Of(run, policy.Name);
    }

    /// <summary>The policy's runs, newest first, with per-image results.</summary>
    public async Task<IReadOnlyList<ReplicationRunView>> ListRunsAsync(Actor actor, string name, int limit, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false);
        return (await replications.ListRunsAsync(policy.Id, limit, cancellationToken).ConfigureAwait(false)).Select(r => ReplicationRunView.Of(r, policy.Name)).ToList();
    }

    public async Task<ReplicationRunView> GetRunAsync(Actor actor, string name, Guid runId, CancellationToken cancellationToken)
    {
        var policy = await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var run = await replications.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return run is null || run.PolicyId != policy.Id ? throw UnknownReplicationException.Run(policy.Name, runId) : ReplicationRunView.Of(run, policy.Name);
    }

    /// <summary>Cancels a queued run at once, or asks the replica running it to stop (it checks every second).</summary>
    /// <exception cref="ReplicationRunFinishedException">The run already finished.</exception>
    public async Task<ReplicationRunView> CancelRunAsync(Actor actor, string name, Guid runId, CancellationToken cancellationToken)
    {
        var run = await GetRunAsync(actor, name, runId, cancellationToken).ConfigureAwait(false);
        if (!await replications.RequestCancelAsync(runId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new ReplicationRunFinishedException(runId, run.Status);
        }

        var policy = await PolicyAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var source = await Store.GetConnectionAsync(policy.SourceConnectionId, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "replication.cancel", policy, source, $"replication policy {policy.Name}: run {runId:D} cancelled", cancellationToken).ConfigureAwait(false);
        return await GetRunAsync(actor, name, runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues the run of a cron slot unless the slot has one already (the store keys scheduled runs by slot, so a slot
    /// fired twice, by two replicas or after a recovery, still runs once). Null when nothing was queued.
    /// </summary>
    public async Task<ReplicationRun?> QueueScheduledAsync(Guid policyId, long slot, CancellationToken cancellationToken)
    {
        var policy = await replications.GetPolicyAsync(policyId, cancellationToken).ConfigureAwait(false);
        return policy is null ? null : await QueueAsync(policy, ReplicationTrigger.Cron, slot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a run of every on-change policy reading from the connection (the tag-cache refresh saw new tags).</summary>
    public async Task<int> TagsChangedAsync(Connection connection, string repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var queued = 0;
        foreach (var policy in await replications.ListPoliciesUsingAsync(connection.Id, cancellationToken).ConfigureAwait(false))
        {
            if (policy.Definition.OnChange && policy.SourceConnectionId == connection.Id)
            {
                await QueueAsync(policy, ReplicationTrigger.Change, null, cancellationToken).ConfigureAwait(false);
                queued++;
            }
        }

        return queued;
    }

    private async Task<ReplicationRun?> QueueAsync(ReplicationPolicy policy, string trigger, long? slot, CancellationToken cancellationToken)
    {
        var run = new ReplicationRun
        {
            Id = Guid.CreateVersion7(),
            PolicyId = policy.Id,
            OrganizationId = policy.OrganizationId,
            Trigger = trigger,
            Slot = slot,
            Status = ReplicationRunStatus.Queued,
            Created = _time.GetUtcNow(),
        };
        if (!await replications.CreateRunAsync(run, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await scheduler.EnqueueAsync(run, cancellationToken).ConfigureAwait(false);

        return run;
    }

    private async Task<ReplicationPolicy> PolicyAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!string.IsNullOrWhiteSpace(name) && await replications.GetPolicyAsync(actor.OrganizationId, name, cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        var known = (await replications.ListPoliciesAsync(actor.OrganizationId, cancellationToken).ConfigureAwait(false)).Select(p => p.Name).ToList();
        throw UnknownReplicationException.Policy(name ?? "", known);
    }

    private async Task<Connection?> ConnectionOrErrorAsync(Actor actor, string field, string? name, List<ValidationError> errors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            return await connections.GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        }
        catch (UnknownConnectionException e)
        {
            errors.Add(new(field, e.Message));
            return null;
        }
    }

    private async Task<ReplicationPolicyView> ViewAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        var source = await Store.GetConnectionAsync(policy.SourceConnectionId, cancellationToken).ConfigureAwait(false);
        var destination = await Store.GetConnectionAsync(policy.DestinationConnectionId, cancellationToken).ConfigureAwait(false);
        return View(policy, source, destination);
    }

    private static ReplicationPolicyView View(ReplicationPolicy policy, Connection? source, Connection? destination) => View(policy, source?.Name, destination?.Name);

    private static ReplicationPolicyView View(ReplicationPolicy policy, string? source, string? destination)
    {
        var d = policy.Definition;
        return new ReplicationPolicyView(policy.Id, policy.Name, source ?? "(removed)", d.Repositories, d.RepositoriesRegex, d.TagsRegex, d.Semver, d.Platforms,
            destination ?? "(removed)", d.DestinationNamespace, d.Cron, d.OnChange, d.Overwrite, d.DryRun, policy.Created, policy.CreatedBy, d.Referrers);
    }

    private static string Describe(ReplicationPolicy policy, Connection source, Connection destination)
    {
        var d = policy.Definition;
        var what = d.Repositories is { } r ? string.Join(",", r) : d.RepositoriesRegex is { } x ? $"/{x}/" : "every repository";
        var when = d.Cron is { } c ? $"cron '{c}'" : d.OnChange ? "on change" : "manual";
        return $"{source.Name} ({what}) -> {destination.Name}/{d.DestinationNamespace}, {when}{(d.DryRun ? ", dry run" : "")}";
    }

    private Task<Storage.AuditEntry> AuditAsync(Actor actor, string action, ReplicationPolicy policy, Connection? connection, string detail, CancellationToken cancellationToken) =>
        Store.AppendAuditAsync(actor.OrganizationId, actor.Name, action, connection?.Id ?? policy.SourceConnectionId, detail, cancellationToken);
}
