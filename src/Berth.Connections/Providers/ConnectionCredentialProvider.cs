using System.Text.Json;
using Berth.Auth;
using Berth.Connections.Storage;
using Berth.References;

namespace Berth.Connections.Providers;

/// <summary>
/// Gives the distribution client the credential of one connection, and only for that connection's registry
/// (any other host gets anonymous). Short-lived credentials are kept in memory and, when a store is given, in
/// the store (kind <see cref="CacheKind"/>, encrypted) so other processes — the credential helper above all —
/// reuse them; they are renewed per <see cref="CredentialRefreshPolicy"/>, and each new one's expiry is recorded
/// on the connection for list/show.
/// </summary>
public sealed class ConnectionCredentialProvider : ICredentialProvider, IDisposable
{
    public const string CacheKind = "registry";

    private readonly IRegistryProvider _provider;
    private readonly ProviderContext _context;
    private readonly IConnectionStore? _store;
    private readonly CredentialRefreshPolicy _policy;
    private readonly RegistryHost? _host;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Cached? _cached;

    /// <exception cref="UnknownRegistryTypeException"/>
    public ConnectionCredentialProvider(Connection connection, ProviderContext? context = null, IConnectionStore? store = null, CredentialRefreshPolicy? refreshPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        _provider = ProviderCatalog.Get(connection.Type);
        _context = context ?? ProviderContext.Default;
        _store = store;
        _policy = refreshPolicy ?? CredentialRefreshPolicy.Default;
        _host = ConnectionAddress.TryOf(connection, out var parsed, out _) ? parsed.Host : null;
    }

    public Connection Connection { get; }

    /// <summary>The connection's credential for its own registry; anonymous for any other host.</summary>
    public async ValueTask<RegistryCredential> GetCredentialAsync(RegistryHost registry, CancellationToken cancellationToken)
    {
        if (_host is not { } host || host != registry)
        {
            return RegistryCredential.Anonymous;
        }

        var credential = await GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
        return credential.Credential;
    }

    /// <summary>The credential with its expiry (for docker config export and the credential helper).</summary>
    /// <exception cref="ConnectionUnreadableException">Part of the saved connection (a secret) could not be read back.</exception>
    public async Task<ProviderCredential> GetProviderCredentialAsync(CancellationToken cancellationToken)
    {
        // Before any cache: a connection whose saved secret is unreadable is not used, so the damage shows at once.
        Connection.ThrowIfUnreadable();
        var now = _context.Time.GetUtcNow();
        if (_cached is { } fresh && now < fresh.RefreshAt)
        {
            return fresh.Credential;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            now = _context.Time.GetUtcNow();
            if (_cached is { } again && now < again.RefreshAt)
            {
                return again.Credential;
            }

            if (await FromStoreAsync(now, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                _cached = stored;
                return stored.Credential;
            }

            ProviderCredential credential;
            try
            {
                credential = await _provider.GetCredentialAsync(Connection, _context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Berth.Diagnostics.BerthMetrics.RecordCredentialRefresh(Connection.Name, Connection.Type, ok: false);
                throw;
            }

            if (credential.ExpiresAt is { } expiresAt)
            {
                // Only short-lived credentials are refreshes; a static password is not obtained from anyone.
                Berth.Diagnostics.BerthMetrics.RecordCredentialRefresh(Connection.Name, Connection.Type, ok: true);
                _cached = new Cached(credential, _policy.RefreshAt(now, expiresAt));
                await SaveAsync(credential, now, expiresAt, cancellationToken).ConfigureAwait(false);
            }

            return credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the in-memory credential (after the registry rejected it) so the next call derives a new one.</summary>
    public void Invalidate()
    {
        _cached = null;
        _context.PasswordCommands.Invalidate(Connection.Id);
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Cached?> FromStoreAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_store is null || Connection.Id == Guid.Empty)
        {
            return null;
        }

        var row = await _store.GetCachedCredentialAsync(Connection.Id, CacheKind, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        CachedRegistryCredential? saved;
        try
        {
            saved = JsonSerializer.Deserialize(row.Reveal(), ProviderJsonContext.Default.CachedRegistryCredential);
        }
        catch (JsonException)
        {
            return null;
        }

        // A credential obtained before the connection last changed may belong to its old secrets.
        if (saved is null || saved.ObtainedAt < Connection.Updated || saved.ToProviderCredential() is not { } credential)
        {
            return null;
        }

        var refreshAt = _policy.RefreshAt(saved.ObtainedAt, saved.ExpiresAt);
        return now < refreshAt ? new Cached(credential, refreshAt) : null;
    }

    private async Task SaveAsync(ProviderCredential credential, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (_store is null || Connection.Id == Guid.Empty)
        {
            return;
        }

        var json = JsonSerializer.Serialize(CachedRegistryCredential.From(credential, now), ProviderJsonContext.Default.CachedRegistryCredential);
        try
        {
            await _store.SaveCachedCredentialAsync(Connection.Id, CacheKind, json, expiresAt, cancellationToken).ConfigureAwait(false);
            await _store.RecordCredentialExpiryAsync(Connection.Id, expiresAt, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionNotFoundException)
        {
            // Not saved yet (verify before add) or removed meanwhile: the in-memory copy still serves this process.
        }
    }

    private sealed record Cached(ProviderCredential Credential, DateTimeOffset RefreshAt);
}
