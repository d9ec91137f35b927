using System.Collections.Concurrent;
using Berth.Auth;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Verification;
using Berth.Distribution;
using Berth.References;
using Berth.Server.Hosting;

namespace Berth.Server.Registries;

/// <summary>
/// <see cref="IRegistryTypes"/> over the provider catalogue. Credential providers are kept per connection version,
/// so short-lived credentials (ECR, GAR, ACR) are derived once and renewed before expiry, and shared with other
/// processes through the store's encrypted credential cache; bearer tokens are shared through one token cache.
/// </summary>
internal sealed class ProviderRegistryTypes(ServerStores stores, ITokenCache tokenCache, ProviderContext context) : IRegistryTypes
{
    private readonly ConcurrentDictionary<(Guid Id, DateTimeOffset Updated), ConnectionCredentialProvider> _credentials = new();

    public IReadOnlyList<RegistryTypeInfo> All { get; } = ProviderCatalog.All
        .Select(p => new RegistryTypeInfo(p.Type, p.DisplayName, p.DefaultUrl, p.UrlHelp, p.Fields.Select(f => new RegistryField(f.Name, f.Label, f.IsSecret, f.IsRequired, f.Help)).ToArray()))
        .ToArray();

    public RegistryTypeInfo? Find(string? type) => All.FirstOrDefault(t => string.Equals(t.Type, type?.Trim(), StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<FieldError> Validate(Connection draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return ProviderCatalog.Validate(ConnectionDraft.From(draft)).Select(e => new FieldError(e.Field, e.Message)).ToArray();
    }

    public (RegistryHost Host, string Namespace) Address(Connection connection)
    {
        var url = Url(connection);
        return (url.Host, url.Path);
    }

    public async Task<ObtainedCredential> GetCredentialAsync(Connection connection, CancellationToken cancellationToken)
    {
        var credential = await Credentials(connection).GetProviderCredentialAsync(cancellationToken).ConfigureAwait(false);
        return new ObtainedCredential(credential.Credential, credential.ExpiresAt);
    }

    public RegistryClient CreateClient(Connection connection) =>
        ConnectionClients.Create(connection, Credentials(connection), tokenCache);

    public IAsyncEnumerable<string> ListRepositoriesAsync(Connection connection, CancellationToken cancellationToken) =>
        new RepositoryLister(context, stores.Connections, (c, _) => CreateClient(c)).ListAsync(connection, cancellationToken);

    public Task<VerifyReport> VerifyAsync(Connection connection, CancellationToken cancellationToken) =>
        new ConnectionVerifier(context, stores.Connections).VerifyAsync(connection, cancellationToken);

    private static RegistryUrl Url(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var text = string.IsNullOrWhiteSpace(connection.Url) ? ProviderCatalog.Get(connection.Type).DefaultUrl ?? "" : connection.Url;
        return RegistryUrl.TryParse(text, out var url, out var error)
            ? url
            : throw new InvalidOperationException($"connection '{connection.Name}' has an invalid URL: {error}");
    }

    private ConnectionCredentialProvider Credentials(Connection connection)
    {
        var key = (connection.Id, connection.Updated);
        if (_credentials.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // Older versions of this connection (before an edit) are dropped so their credentials are not used again.
        // Not disposed: a request may still be using one, and its semaphore holds no unmanaged handle.
        foreach (var stale in _credentials.Keys.Where(k => k.Id == connection.Id && k != key))
        {
            _credentials.TryRemove(stale, out _);
        }

        return _credentials.GetOrAdd(key, _ => new ConnectionCredentialProvider(connection, context, stores.Connections));
    }
}
