using Berth.Connections.Storage;

namespace Berth.Connections.Tests.Providers.Fakes;

/// <summary>An in-memory store with only the cached-credential and expiry members the credential provider uses.</summary>
public sealed class RecordingStore(TimeProvider time, params Guid[] knownConnections) : IConnectionStore
{
    private readonly Dictionary<(Guid, string), CachedCredential> _cached = [];

    public List<(Guid Id, DateTimeOffset? ExpiresAt)> Expiries { get; } = [];

    public int Saves { get; private set; }

    public StoreBackend Backend => StoreBackend.Sqlite;

    public string KeyId => "test";

    public IReadOnlyDictionary<(Guid, string), CachedCredential> Cached => _cached;

    public Task SaveCachedCredentialAsync(Guid connectionId, string kind, string secret, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (!knownConnections.Contains(connectionId))
        {
            throw new ConnectionNotFoundException(connectionId);
        }

        Saves++;
        _cached[(connectionId, kind)] = new CachedCredential(connectionId, kind, secret, expiresAt);
        return Task.CompletedTask;
    }

    public Task<CachedCredential?> GetCachedCredentialAsync(Guid connectionId, string kind, CancellationToken cancellationToken) =>
        Task.FromResult(_cached.TryGetValue((connectionId, kind), out var c) && c.ExpiresAt > time.GetUtcNow() ? c : null);

    public Task RecordCredentialExpiryAsync(Guid id, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (!knownConnections.Contains(id))
        {
            throw new ConnectionNotFoundException(id);
        }

        Expiries.Add((id, expiresAt));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<Organization> EnsureOrganizationAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Organization?> GetOrganizationAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Organization>> ListOrganizationsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Connection> AddConnectionAsync(Connection connection, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Connection?> GetConnectionAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Connection?> GetConnectionAsync(Guid organizationId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Connection>> ListConnectionsAsync(Guid organizationId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Connection> UpdateConnectionAsync(Connection connection, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Connection> RenameConnectionAsync(Guid id, string newName, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> RemoveConnectionAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RecordVerifyResultAsync(Guid id, bool ok, string? message, DateTimeOffset verifiedAt, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<AuditEntry> AppendAuditAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid organizationId, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<AuditPage> QueryAuditAsync(Guid organizationId, AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<KeyRotationResult> RotateKeyAsync(string? newKeyFile, CancellationToken cancellationToken) => throw new NotSupportedException();
}
