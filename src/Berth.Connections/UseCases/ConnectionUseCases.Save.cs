using Berth.Connections.Storage;
using Berth.Connections.Verification;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>
    /// Validates, verifies (unless <paramref name="verify"/> is false), saves, records health and credential
    /// expiry, and audits. When verification fails nothing is saved and the report says why.
    /// </summary>
    /// <exception cref="Providers.ConnectionValidationException">Field errors, all of them.</exception>
    /// <exception cref="DuplicateConnectionNameException">The name is taken in the organization.</exception>
    public async Task<ConnectionChange> CreateAsync(Actor actor, ConnectionInput input, bool verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var draft = await ConnectionInputRules.BuildAsync(actor.OrganizationId, input, null, _policy, clients.Context.Addresses, cancellationToken).ConfigureAwait(false);
        if (await store.GetConnectionAsync(actor.OrganizationId, draft.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            var organization = (await store.ListOrganizationsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(o => o.Id == actor.OrganizationId);
            throw new DuplicateConnectionNameException(draft.Name, organization?.Name ?? actor.OrganizationId.ToString("D"));
        }

        if (verify)
        {
            draft = await DetectApiPathAsync(draft, cancellationToken).ConfigureAwait(false);
        }

        var report = verify ? await CheckAsync(draft, cancellationToken).ConfigureAwait(false) : null;
        if (report is { Ok: false })
        {
            return new ConnectionChange(null, report);
        }

        var saved = await store.AddConnectionAsync(draft, cancellationToken).ConfigureAwait(false);
        saved = await RecordAsync(saved, report, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "connection.create", saved, $"type={saved.Type} url={saved.Url}{Verified(report)}", cancellationToken).ConfigureAwait(false);
        return new ConnectionChange(saved, report);
    }

    /// <summary>
    /// Changes a connection: absent values keep what is saved, an empty secret clears it. Verified like a new one;
    /// cached listings and credentials of the old version are dropped.
    /// </summary>
    public async Task<ConnectionChange> UpdateAsync(Actor actor, string name, ConnectionInput input, bool verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var existing = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var draft = await ConnectionInputRules.BuildAsync(actor.OrganizationId, input, existing, _policy, clients.Context.Addresses, cancellationToken).ConfigureAwait(false);
        var report = verify ? await CheckAsync(draft, cancellationToken).ConfigureAwait(false) : null;
        if (report is { Ok: false })
        {
            return new ConnectionChange(null, report);
        }

        var saved = await store.UpdateConnectionAsync(draft, cancellationToken).ConfigureAwait(false);
        if (listings is not null)
        {
            await listings.ClearListingsAsync(saved.Id, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(existing.Name, saved.Name, StringComparison.Ordinal))
        {
            await RenamedAsync(saved, existing.Name, cancellationToken).ConfigureAwait(false);
        }

        saved = await RecordAsync(saved, report, cancellationToken).ConfigureAwait(false);
        var changedSecrets = saved.Secrets.Names.Where(n => !existing.Secrets.IsSet(n) || !existing.Secrets.IsReadable(n)
                || !saved.Secrets.Reveal(n).Equals(existing.Secrets.Reveal(n), StringComparison.Ordinal))
            .Concat(existing.Secrets.Names.Where(n => !saved.Secrets.IsSet(n)))
            .ToList();
        if (changedSecrets.Count > 0 || !string.Equals(existing.Url, saved.Url, StringComparison.Ordinal) || !string.Equals(existing.Type, saved.Type, StringComparison.Ordinal))
        {
            foreach (var observer in _dependents.OfType<IConnectionChangeObserver>())
            {
                await observer.CredentialsChangedAsync(saved, cancellationToken).ConfigureAwait(false);
            }
        }

        await AuditAsync(actor, "connection.update", saved,
            $"type={saved.Type} url={saved.Url} secrets changed: {(changedSecrets.Count == 0 ? "none" : string.Join(",", changedSecrets))}{Verified(report)}", cancellationToken).ConfigureAwait(false);
        return new ConnectionChange(saved, report);
    }

    private static string Verified(VerifyReport? report) => report is null ? " (not verified)" : "";

    private async Task<Connection> RecordAsync(Connection saved, VerifyReport? report, CancellationToken cancellationToken)
    {
        if (report is null)
        {
            return saved;
        }

        await store.RecordVerifyResultAsync(saved.Id, report.Ok, Truncate(report.Summary, 500), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (report.CredentialExpiresAt is { } expires)
        {
            await store.RecordCredentialExpiryAsync(saved.Id, expires, cancellationToken).ConfigureAwait(false);
        }

        await RecordCapabilitiesAsync(saved, report, cancellationToken).ConfigureAwait(false);

        return await store.GetConnectionAsync(saved.Id, cancellationToken).ConfigureAwait(false) ?? saved;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
