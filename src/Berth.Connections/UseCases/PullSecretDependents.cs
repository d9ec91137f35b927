using Berth.Connections.PullSecrets;

namespace Berth.Connections.UseCases;

/// <summary>
/// Pull-secret targets carry connections (by id): they depend on them. Detaching drops the connection from each
/// target (its Secrets are rewritten without it on the next refresh); a rename changes nothing. A change of the
/// connection's credentials makes the targets carrying it due at once.
/// </summary>
public sealed class PullSecretDependents(IPullSecretStore targets, TimeProvider? time = null) : IConnectionDependents, IConnectionChangeObserver
{
    public const string Kind = "pull-secret-target";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<IReadOnlyList<ConnectionDependent>> FindAsync(Connection connection, CancellationToken cancellationToken) =>
        (await CarryingAsync(connection, cancellationToken).ConfigureAwait(false))
            .Select(t => new ConnectionDependent(Kind, t.Id.ToString("D"), $"pull-secret target {t.Name} (Secret {t.SecretName} on {t.Server.Host}){StatusOf(t)}"))
            .ToList();

    /// <summary>The last write and the failing namespaces, so the registry's page shows how its pull secrets fare.</summary>
    private static string StatusOf(PullSecretTarget target)
    {
        if (target.Status.Count == 0)
        {
            return ": not written yet";
        }

        var lastWrite = target.Status.Select(s => s.LastWrite).Max();
        var failing = target.Status.Where(s => s.LastError is not null).ToList();
        var written = lastWrite is { } at ? $": last written {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : ": never written";
        return failing.Count == 0
            ? written
            : $"{written}; failing in {string.Join(", ", failing.Select(f => f.Namespace))}: {failing[0].LastError}";
    }

    public async Task DetachAsync(Connection connection, CancellationToken cancellationToken)
    {
        foreach (var target in await CarryingAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await targets.UpdateAsync(target with { Token = null, Connections = target.Connections.Where(c => c != connection.Id).ToList(), DueAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RenamedAsync(Connection connection, string oldName, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task CredentialsChangedAsync(Connection connection, CancellationToken cancellationToken)
    {
        var carrying = await CarryingAsync(connection, cancellationToken).ConfigureAwait(false);
        if (carrying.Count > 0)
        {
            await targets.MarkDueAsync(carrying.Select(t => t.Id).ToList(), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<PullSecretTarget>> CarryingAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return (await targets.ListAsync(connection.OrganizationId, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Connections.Contains(connection.Id))
            .ToList();
    }
}
