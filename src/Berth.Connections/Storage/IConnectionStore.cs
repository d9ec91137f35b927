using Berth.Connections.Secrets;

namespace Berth.Connections.Storage;

/// <summary>
/// Organizations, connections (secrets encrypted at rest), cached short-lived credentials and the audit trail.
/// Open one with <see cref="StoreFactory.OpenAsync(string?, string, ISecretProtector, CancellationToken)"/>.
/// </summary>
public interface IConnectionStore : IAsyncDisposable
{
    StoreBackend Backend { get; }

    /// <summary>Id of the master key the store encrypts with now (changes after <see cref="RotateKeyAsync"/>).</summary>
    string KeyId { get; }

    /// <summary>Returns the organization with this name (ignoring case), creating it if needed.</summary>
    Task<Organization> EnsureOrganizationAsync(string name, CancellationToken cancellationToken);

    Task<Organization?> GetOrganizationAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Organization>> ListOrganizationsAsync(CancellationToken cancellationToken);

    /// <summary>Saves a new connection; an empty <see cref="Connection.Id"/> gets a fresh one. Returns it as stored.</summary>
    /// <exception cref="DuplicateConnectionNameException">The name is taken in that organization.</exception>
    Task<Connection> AddConnectionAsync(Connection connection, CancellationToken cancellationToken);

    Task<Connection?> GetConnectionAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Finds a connection by name within an organization, ignoring case.</summary>
    Task<Connection?> GetConnectionAsync(Guid organizationId, string name, CancellationToken cancellationToken);

    /// <summary>Connections of one organization, ordered by name.</summary>
    Task<IReadOnlyList<Connection>> ListConnectionsAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// Connections of one organization, ordered by name, with their secrets left out (<see cref="Connection.Secrets"/>
    /// empty): nothing is decrypted, for callers that only choose among them (resolving an address).
    /// </summary>
    Task<IReadOnlyList<Connection>> ListConnectionsWithoutSecretsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        ListConnectionsAsync(organizationId, cancellationToken);

    /// <summary>
    /// A number that changes whenever anything a list of the organization's connections shows changes (a connection
    /// added, changed, verified or removed, a secret set or cleared), by any process or replica; null when the store
    /// cannot tell, and then nothing built from an earlier read may be reused.
    /// </summary>
    Task<long?> GetConnectionsVersionAsync(Guid organizationId, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    /// <summary>
    /// Until cancelled, follows changes other processes make so <see cref="GetConnectionsVersionAsync"/> can answer
    /// from memory (PostgreSQL: LISTEN/NOTIFY); returns at once where a store reads the database every time.
    /// </summary>
    Task ListenForChangesAsync(Action<Exception>? onFailure, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One page of an organization's connections as summaries, by name (ignoring case) then id; no secret is read or
    /// decrypted. (Stores without their own query page the full list.)
    /// </summary>
    async Task<Paging.Page<ConnectionSummary>> ListConnectionSummariesAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken) =>
        Paging.Page.Of(
            (await ListConnectionsAsync(organizationId, cancellationToken).ConfigureAwait(false)).Select(ConnectionSummary.Of).OrderBy(s => s.PageKey.Key, StringComparer.Ordinal).ThenBy(s => s.PageKey.Id, StringComparer.Ordinal),
            page,
            Paging.PageLists.Registries,
            s => s.PageKey,
            (a, b) => a.Key != b.Key ? string.CompareOrdinal(a.Key, b.Key) : string.CompareOrdinal(a.Id, b.Id));

    /// <summary>Replaces name, type, URL, fields, secrets and options (health columns are kept). Returns it as stored.</summary>
    /// <exception cref="ConnectionNotFoundException"/>
    /// <exception cref="DuplicateConnectionNameException"/>
    Task<Connection> UpdateConnectionAsync(Connection connection, CancellationToken cancellationToken);

    /// <exception cref="ConnectionNotFoundException"/>
    /// <exception cref="DuplicateConnectionNameException"/>
    Task<Connection> RenameConnectionAsync(Guid id, string newName, CancellationToken cancellationToken);

    /// <summary>Deletes the connection with its secrets and cached credentials (audit rows stay). False when absent.</summary>
    Task<bool> RemoveConnectionAsync(Guid id, CancellationToken cancellationToken);

    /// <exception cref="ConnectionNotFoundException"/>
    Task RecordVerifyResultAsync(Guid id, bool ok, string? message, DateTimeOffset verifiedAt, CancellationToken cancellationToken);

    /// <exception cref="ConnectionNotFoundException"/>
    Task RecordCredentialExpiryAsync(Guid id, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>Saves (or replaces) an encrypted short-lived credential of a given kind for a connection.</summary>
    /// <exception cref="ConnectionNotFoundException"/>
    Task SaveCachedCredentialAsync(Guid connectionId, string kind, string secret, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The cached credential, or null when there is none or it has expired.</summary>
    Task<CachedCredential?> GetCachedCredentialAsync(Guid connectionId, string kind, CancellationToken cancellationToken);

    Task<AuditEntry> AppendAuditAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, CancellationToken cancellationToken);

    /// <summary>
    /// An audit row for a read that changes nothing else (a credential handed out: one per pull). It may be committed
    /// without waiting for the disk (SQLite: <c>synchronous=NORMAL</c> for this commit), so an operating-system crash or
    /// power loss can drop the newest such rows; a crash of Berth itself cannot, and configuration writes keep waiting.
    /// </summary>
    Task<AuditEntry> AppendReadAuditAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, CancellationToken cancellationToken) =>
        AppendAuditAsync(organizationId, actor, action, connectionId, detail, cancellationToken);

    /// <summary>Newest first, at most <paramref name="limit"/> rows.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid organizationId, int limit, CancellationToken cancellationToken);

    /// <summary>One page of an organization's audit rows matching <paramref name="query"/>, newest first.</summary>
    Task<AuditPage> QueryAuditAsync(Guid organizationId, AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Generates a new master key, re-encrypts every stored secret (connections and cached credentials) in one
    /// transaction, then installs the key: the key file is replaced atomically, or, for a key from
    /// BERTH_MASTER_KEY, the new key is written to <paramref name="newKeyFile"/> (required then, must not exist)
    /// for the operator to set. See docs/secrets.md.
    /// </summary>
    Task<KeyRotationResult> RotateKeyAsync(string? newKeyFile, CancellationToken cancellationToken);
}
