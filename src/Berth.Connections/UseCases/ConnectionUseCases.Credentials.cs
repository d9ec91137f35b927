using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.Errors;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>
    /// The connection's registry credential, fresh for short-lived types (ECR, Google, ACR: renewed before expiry
    /// and shared through the store's encrypted cache). Every read is audited with its purpose.
    /// </summary>
    public async Task<ObtainedCredential> ReadCredentialAsync(Actor actor, string name, string purpose, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        return await ReadCredentialAsync(actor, connection, purpose, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="ReadCredentialAsync(Actor, string, string, CancellationToken)"/>
    public async Task<ObtainedCredential> ReadCredentialAsync(Actor actor, Connection connection, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(connection);
        ProviderCredential credential;
        try
        {
            credential = await clients.Credentials(connection).GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is (BerthException and not ConnectionUnreadableException) or HttpRequestException)
        {
            // An unreadable connection already names itself and the fix.
            throw new ConnectionCredentialException(connection.Name, e);
        }

        // One row per pull: committed without waiting for the disk (see IConnectionStore.AppendReadAuditAsync).
        await store.AppendReadAuditAsync(actor.OrganizationId, actor.Name, "credential.read", connection.Id, AuditDetail(connection, purpose), cancellationToken)
            .ConfigureAwait(false);
        return new ObtainedCredential(connection, ConnectionAddress.Of(connection).Host, credential.Credential, credential.ExpiresAt);
    }

    /// <summary>
    /// Renews a short-lived credential ahead of its expiry and records the new expiry; nobody receives it, so
    /// nothing is audited (the background job keeps credentials fresh for the callers that follow).
    /// </summary>
    public async Task<DateTimeOffset?> RenewCredentialAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credential = await clients.Credentials(connection).GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
        await store.RecordCredentialExpiryAsync(connection.Id, credential.ExpiresAt, cancellationToken).ConfigureAwait(false);
        return credential.ExpiresAt;
    }

    /// <summary>
    /// A docker config with fresh credentials of the named connections (all the actor may use when none are
    /// named): keyed <c>host</c>, and <c>host/namespace</c> for a connection with a namespace (see
    /// <see cref="DockerConfigExporter"/>). Nothing is returned unless every chosen connection gave its credential.
    /// </summary>
    public async Task<DockerConfigExport> ExportDockerConfigAsync(Actor actor, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(names);
        var chosen = new List<Connection>();
        var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0)
        {
            chosen.AddRange(await ListAsync(actor, cancellationToken).ConfigureAwait(false));
            if (chosen.Count == 0)
            {
                throw UnknownConnectionException.NoneSaved();
            }
        }
        else
        {
            foreach (var name in wanted)
            {
                chosen.Add(await GetAsync(actor, name, cancellationToken).ConfigureAwait(false));
            }
        }

        var items = new List<(Connection, ProviderCredential)>();
        foreach (var connection in chosen)
        {
            var obtained = await ReadCredentialAsync(actor, connection, "dockercfg export", cancellationToken).ConfigureAwait(false);
            items.Add((connection, new ProviderCredential(obtained.Credential, obtained.ExpiresAt)));
        }

        return DockerConfigExporter.Build(items);
    }
}
