using Berth.Connections.Storage;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>Renames a connection; dependents that name it (ci tokens) follow the new name.</summary>
    /// <exception cref="Providers.ConnectionValidationException">The new name is not acceptable.</exception>
    /// <exception cref="DuplicateConnectionNameException">The new name is taken.</exception>
    public async Task<Connection> RenameAsync(Actor actor, string name, string? newName, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        if (ConnectionInputRules.NameError(newName) is { } error)
        {
            throw new Providers.ConnectionValidationException(existing.Type, [new Providers.ValidationError("name", error)]);
        }

        var renamed = await store.RenameConnectionAsync(existing.Id, newName!.Trim(), cancellationToken).ConfigureAwait(false);
        await RenamedAsync(renamed, existing.Name, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "connection.rename", renamed, $"'{existing.Name}' -> '{renamed.Name}'", cancellationToken).ConfigureAwait(false);
        return renamed;
    }

    /// <summary>
    /// Removes a connection with its secrets, cached credentials and listings. When saved things depend on it,
    /// <paramref name="mode"/> decides: refuse (naming them), or detach them and remove.
    /// </summary>
    /// <exception cref="ConnectionInUseException">Refused: dependents exist.</exception>
    public async Task<ConnectionRemoval> RemoveAsync(Actor actor, string name, RemoveMode mode, string detachHint, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        var dependents = await DependentsAsync(existing, cancellationToken).ConfigureAwait(false);
        if (dependents.Count > 0 && mode == RemoveMode.Refuse)
        {
            throw new ConnectionInUseException(existing.Name, dependents, detachHint);
        }

        foreach (var source in _dependents)
        {
            await source.DetachAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        if (listings is not null)
        {
            await listings.ClearListingsAsync(existing.Id, cancellationToken).ConfigureAwait(false);
        }

        if (!await store.RemoveConnectionAsync(existing.Id, cancellationToken).ConfigureAwait(false))
        {
            // Removed by someone else in the meantime: for this caller it is simply gone.
            throw new UnknownConnectionException(existing.Name, []);
        }

        var detached = dependents.Count == 0 ? "" : "; detached " + string.Join("; ", dependents.Select(d => d.Description));
        await AuditAsync(actor, "connection.remove", existing, $"type={existing.Type} url={existing.Url}{detached}", cancellationToken).ConfigureAwait(false);
        return new ConnectionRemoval(existing, dependents);
    }

    private async Task RenamedAsync(Connection renamed, string oldName, CancellationToken cancellationToken)
    {
        foreach (var source in _dependents)
        {
            await source.RenamedAsync(renamed, oldName, cancellationToken).ConfigureAwait(false);
        }
    }
}
