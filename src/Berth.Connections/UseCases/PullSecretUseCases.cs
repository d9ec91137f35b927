using Berth.Connections.Docker;
using Berth.Connections.Kubernetes;
using Berth.Connections.PullSecrets;
using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>
/// Kubernetes pull-secret targets, for every front end (API, dashboard, CLI) and the background refresher:
/// validation, audit wording, the refresh schedule and the per-namespace status live here once. Writing goes through
/// <see cref="PullSecretWriter"/> (the create-or-replace rules shared with the CLI's one-shot) over an
/// <see cref="IKubernetesApi"/> from the injected factory.
/// </summary>
public sealed partial class PullSecretUseCases(
    IPullSecretStore store,
    ConnectionUseCases connections,
    IKubernetesApiFactory kubernetes,
    TimeProvider? time = null)
{
    /// <summary>Every target is rewritten at least this often, even when its credentials never expire (so an ECR token, 12 h, is rewritten every 6 h).</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(6);

    /// <summary>A write never waits closer than this to the credential's expiry.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(15);

    /// <summary>After a failed apply the target is tried again this much later.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IPullSecretStore Store => store;

    public Task<IReadOnlyList<PullSecretTarget>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return store.ListAsync(actor.OrganizationId, cancellationToken);
    }

    /// <exception cref="UnknownPullSecretTargetException"/>
    public async Task<PullSecretTarget> GetAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!string.IsNullOrWhiteSpace(name) && await store.GetAsync(actor.OrganizationId, name.Trim(), cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        throw new UnknownPullSecretTargetException(name, (await store.ListAsync(actor.OrganizationId, cancellationToken).ConfigureAwait(false)).Select(t => t.Name).ToList());
    }

    /// <summary>Names of the connections a target carries (ids of removed ones are left out).</summary>
    public async Task<IReadOnlyList<string>> ConnectionNamesAsync(PullSecretTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var names = new List<string>();
        foreach (var id in target.Connections)
        {
            if (await connections.Store.GetConnectionAsync(id, cancellationToken).ConfigureAwait(false) is { } c)
            {
                names.Add(c.Name);
            }
        }

        return names;
    }

    /// <summary>The target as front ends show it (connections by name, the token never).</summary>
    public async Task<PullSecretTargetView> ViewAsync(PullSecretTarget target, CancellationToken cancellationToken) =>
        PullSecretTargetView.From(target, await ConnectionNamesAsync(target, cancellationToken).ConfigureAwait(false));

    /// <summary>Every target of the actor's organization as front ends show them, by name.</summary>
    public async Task<IReadOnlyList<PullSecretTargetView>> ListViewsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var views = new List<PullSecretTargetView>();
        foreach (var target in await ListAsync(actor, cancellationToken).ConfigureAwait(false))
        {
            views.Add(await ViewAsync(target, cancellationToken).ConfigureAwait(false));
        }

        return views;
    }

    /// <summary>Validates and saves a target (due at once, so the refresher writes it even if nobody applies it now).</summary>
    /// <exception cref="PullSecretTargetValidationException">Field errors, all of them.</exception>
    /// <exception cref="PullSecretTargetExistsException">The name is taken.</exception>
    public async Task<PullSecretTarget> CreateAsync(Actor actor, PullSecretTargetInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var draft = await BuildAsync(actor, input, null, cancellationToken).ConfigureAwait(false);
        var saved = await store.AddAsync(draft with { DueAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "pull-secret.create", saved, Describe(saved), cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Changes a target: absent values keep what is saved. It is due at once.</summary>
    public async Task<PullSecretTarget> UpdateAsync(Actor actor, string name, PullSecretTargetInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var existing = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var draft = await BuildAsync(actor, input, existing, cancellationToken).ConfigureAwait(false);
        var saved = await store.UpdateAsync(draft with { DueAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "pull-secret.update", saved, Describe(saved) + (input.Token is null ? "" : "; token replaced"), cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Forgets a target. The Secrets it wrote stay on the cluster (they may be in use); delete them there.</summary>
    public async Task<PullSecretTarget> RemoveAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        await store.RemoveAsync(existing.Id, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "pull-secret.remove", existing, Describe(existing), cancellationToken).ConfigureAwait(false);
        return existing;
    }

    /// <summary>Writes the target's Secret now and records the outcome per namespace.</summary>
    public async Task<PullSecretApply> ApplyAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        var target = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        return await ApplyAsync(actor, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rewrites every target that is due at <paramref name="now"/>: its credentials expire soon, it was not written
    /// for <see cref="MaxInterval"/>, a connection it carries changed, or its last apply failed. Returns how many it
    /// applied; one target failing does not stop the others (the failure is in its status).
    /// </summary>
    public async Task<int> RefreshDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var target in await store.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (target.DueAt is not { } due || due > now)
            {
                continue;
            }

            await ApplyAsync(new Actor(target.OrganizationId, "pull-secret-refresh"), target, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    private async Task<PullSecretApply> ApplyAsync(Actor actor, PullSecretTarget target, CancellationToken cancellationToken)
    {
        IReadOnlyList<PullSecretWrite> writes;
        IReadOnlyList<ExportedConnection> exported = [];
        DateTimeOffset? expires = null;
        try
        {
            var (secret, report, expiry) = await BuildSecretAsync(actor, target, cancellationToken).ConfigureAwait(false);
            exported = report;
            expires = expiry;
            using var api = kubernetes.Open(target.Cluster());
            var namespaces = target.NamespaceSelector is { } selector
                ? await api.ListNamespacesAsync(selector, cancellationToken).ConfigureAwait(false)
                : target.Namespaces;
            writes = namespaces.Count == 0
                ? [new PullSecretWrite(AllNamespaces, null, false, $"no namespace matches the label selector '{target.NamespaceSelector}'")]
                : await PullSecretWriter.WriteAsync(api, namespaces, secret, target.PatchDefaultServiceAccount, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e)
        {
            writes = (target.NamespaceSelector is null && target.Namespaces.Count > 0 ? target.Namespaces : [AllNamespaces])
                .Select(ns => new PullSecretWrite(ns, null, false, e.Message)).ToList();
        }

        var finished = _time.GetUtcNow();
        var ok = writes.All(w => w.Ok);
        var next = ok ? NextRefresh(finished, expires) : finished + RetryAfterFailure;
        await store.RecordAsync(
            target.Id,
            writes.Select(w => new PullSecretNamespaceStatus(w.Namespace, finished, w.Ok ? finished : null, w.Action, w.Error)).ToList(),
            next,
            cancellationToken).ConfigureAwait(false);
        var summary = string.Join(", ", writes.Select(w => w.Ok ? $"{w.Namespace} {w.Action}" : $"{w.Namespace} failed"));
        await AuditAsync(actor, "pull-secret.apply", target, $"{summary}; next refresh {next:u}", cancellationToken).ConfigureAwait(false);
        return new PullSecretApply(target.Name, target.SecretName, exported, writes, expires, next);
    }

    /// <summary>
    /// Half-way to the credential's expiry (never later than <see cref="ExpiryMargin"/> before it), and never more
    /// than <see cref="MaxInterval"/> away: an ECR token valid for 12 h is rewritten after 6 h.
    /// </summary>
    public static DateTimeOffset NextRefresh(DateTimeOffset now, DateTimeOffset? expires)
    {
        var next = now + MaxInterval;
        if (expires is { } e)
        {
            var half = now + (e - now) / 2;
            var beforeMargin = e - ExpiryMargin;
            var byExpiry = half < beforeMargin ? half : beforeMargin;
            next = byExpiry < next ? byExpiry : next;
        }

        return next < now + TimeSpan.FromMinutes(1) ? now + TimeSpan.FromMinutes(1) : next;
    }

    /// <summary>The Secret with fresh credentials of the target's connections (all of them, or nothing is written).</summary>
    private async Task<(KubernetesSecretDraft Secret, IReadOnlyList<ExportedConnection> Report, DateTimeOffset? Expires)> BuildSecretAsync(
        Actor actor, PullSecretTarget target, CancellationToken cancellationToken)
    {
        var carried = new List<Connection>();
        foreach (var id in target.Connections)
        {
            if (await connections.Store.GetConnectionAsync(id, cancellationToken).ConfigureAwait(false) is { } connection && connection.OrganizationId == target.OrganizationId)
            {
                carried.Add(connection);
            }
        }

        return await PullSecretContent.BuildAsync(connections, actor, carried, target.SecretName, $"pull secret '{target.Name}'", cancellationToken).ConfigureAwait(false);
    }

    private const string AllNamespaces = "*";

    private static string Describe(PullSecretTarget t) =>
        $"server={t.Server} secret={t.SecretName} namespaces={(t.NamespaceSelector is { } s ? "selector " + s : string.Join(",", t.Namespaces))} connections={t.Connections.Count} patchDefaultServiceAccount={t.PatchDefaultServiceAccount}";

    private Task<Storage.AuditEntry> AuditAsync(Actor actor, string action, PullSecretTarget target, string detail, CancellationToken cancellationToken) =>
        connections.Store.AppendAuditAsync(actor.OrganizationId, actor.Name, action, null, $"{target.Name}: {detail}", cancellationToken);
}
