using Berth.Auth;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Resolution;
using Berth.Connections.Storage;
using Berth.Distribution;
using Berth.References;
using Berth.Transfer;
using Berth.Transfer.Sync;

namespace Berth.Cli.Registry;

/// <summary>
/// Registry clients for a sync, which may touch many repositories on several registries: one client per
/// saved connection (or per host when none serves it), so repositories of one registry share a connection
/// pool and blobs can be mounted between them. Credentials written in a sync config take precedence, then
/// the ad-hoc flags, then the saved connection that serves the image, then anonymous access.
/// </summary>
internal sealed class SyncAccess : IAsyncDisposable
{
    private readonly CommandContext _context;
    private readonly RegistryCredential? _adHoc;
    private readonly string? _ca;
    private readonly Dictionary<string, RegistryAccessScope> _scopes = new(StringComparer.Ordinal);
    private readonly CredentialChain _chain;
    private readonly RegistryClientFactory _clients;

    private SyncAccess(CommandContext context, RegistryCredential? adHoc, string? ca, IConnectionStore? store, IReadOnlyList<Connection> connections)
    {
        _context = context;
        _adHoc = adHoc;
        _ca = ca;
        Store = store;
        Connections = connections;
        _chain = RegistryAccess.Chain(adHoc, connections);
        _clients = new RegistryClientFactory(ProviderContexts.Cli, store, logger: context.Logger);
    }

    public IConnectionStore? Store { get; }

    public IReadOnlyList<Connection> Connections { get; }

    /// <summary>This sync's client factory (listing a connection's repositories shares its credentials).</summary>
    public RegistryClientFactory Clients => _clients;

    /// <param name="context">The command.</param>
    /// <param name="requireStore">Open the store even when it does not exist yet (the connection form needs it).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<SyncAccess> OpenAsync(CommandContext context, bool requireStore, CancellationToken ct)
    {
        var adHoc = await RegistryAccess.AdHocCredentialAsync(context, ct).ConfigureAwait(false);
        var ca = await RegistryAccess.ReadCaAsync(context, ct).ConfigureAwait(false);
        IConnectionStore? store = null;
        IReadOnlyList<Connection> connections = [];
        if (requireStore || (adHoc is null && StoreAccess.Exists(context)))
        {
            store = await StoreAccess.OpenAsync(context, ct).ConfigureAwait(false);
            try
            {
                var org = await StoreAccess.OrganizationAsync(store, ct).ConfigureAwait(false);
                connections = await store.ListConnectionsAsync(org.Id, ct).ConfigureAwait(false);
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return new SyncAccess(context, adHoc, ca, store, connections);
    }

    /// <summary>The client for exactly this saved connection (with the command line's --insecure/--ca-file/--timeout).</summary>
    public RegistryClient ForConnection(Connection connection) =>
        Scope("connection:" + connection.Id.ToString("D"), () => new RegistryAccessScope(_clients.Create(RegistryAccess.ApplyOverrides(_context, connection)), connection));

    /// <summary>
    /// The client serving <paramref name="image"/>: the credential chain with a sync config registry's own
    /// credentials first, then the command's, then the saved connection, then anonymous; its TLS settings apply.
    /// </summary>
    public async Task<RegistryClient> ForImageAsync(ImageReference image, SyncConfigRegistry? settings, CancellationToken ct)
    {
        var insecure = _context.Get(RegistryAccessOptions.Insecure) || settings?.TlsVerify == false;
        var ca = settings?.CertDirectory is { } dir ? await ReadCertDirectoryAsync(dir, ct).ConfigureAwait(false) : _ca;
        var tweak = $"|{insecure}|{settings?.CertDirectory}";
        var chain = settings?.Credentials is { } written
            ? RegistryAccess.Chain(_adHoc, Connections, CredentialSources.ForRegistry(image.Registry, RegistryCredential.Basic(written.Username, written.Password), "sync config"))
            : _chain;
        var choice = chain.Resolve(image);
        return Scope(choice.Key + tweak, () =>
        {
            if (choice.Connection is not { } connection)
            {
                return RegistryAccess.Client(_context, _clients, image.Registry, choice, insecure, ca);
            }

            var adjusted = RegistryAccess.ApplyOverrides(_context, connection);
            var options = adjusted.Options with
            {
                Insecure = adjusted.Options.Insecure || insecure,
                CaBundlePem = settings?.CertDirectory is not null ? ca : adjusted.Options.CaBundlePem,
            };
            return new RegistryAccessScope(_clients.Create(adjusted with { Options = options }), connection);
        });
    }

    /// <summary>What the probe of the connection behind <paramref name="client"/> knows (unknown for ad-hoc or anonymous access).</summary>
    public Task<EndpointHints> HintsAsync(RegistryClient client, CancellationToken ct) =>
        _clients.EndpointHintsAsync(_scopes.Values.FirstOrDefault(s => ReferenceEquals(s.Client, client))?.Connection, ct);

    private RegistryClient Scope(string key, Func<RegistryAccessScope> create)
    {
        if (!_scopes.TryGetValue(key, out var scope))
        {
            scope = create();
            _scopes[key] = scope;
        }

        return scope.Client;
    }

    /// <summary>The CA certificates of a skopeo-style cert-dir: every <c>*.crt</c> file in it.</summary>
    private static async Task<string?> ReadCertDirectoryAsync(string directory, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"cert-dir {directory}: directory not found");
        }

        var pem = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.crt").Order(StringComparer.Ordinal))
        {
            pem.Add(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
        }

        return pem.Count == 0 ? null : string.Join('\n', pem);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes.Values)
        {
            scope.Dispose();
        }

        _scopes.Clear();
        if (_clients.RateLimits is { } limits)
        {
            await limits.FlushAsync().ConfigureAwait(false);
        }

        if (Store is not null)
        {
            await Store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
