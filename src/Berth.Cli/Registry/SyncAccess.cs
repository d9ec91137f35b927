using Berth.Auth;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Resolution;
using Berth.Connections.Storage;
using Berth.Distribution;
using Berth.References;
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

    private SyncAccess(CommandContext context, RegistryCredential? adHoc, string? ca, IConnectionStore? store, IReadOnlyList<Connection> connections)
    {
        _context = context;
        _adHoc = adHoc;
        _ca = ca;
        Store = store;
        Connections = connections;
    }

    public IConnectionStore? Store { get; }

    public IReadOnlyList<Connection> Connections { get; }

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
        Scope("connection:" + connection.Id.ToString("D"), () => FromConnection(RegistryAccess.ApplyOverrides(_context, connection)));

    /// <summary>The client serving <paramref name="image"/>, honouring a sync config registry's credentials and TLS settings.</summary>
    public async Task<RegistryClient> ForImageAsync(ImageReference image, SyncConfigRegistry? settings, CancellationToken ct)
    {
        var insecure = _context.Get(RegistryAccessOptions.Insecure) || settings?.TlsVerify == false;
        var ca = settings?.CertDirectory is { } dir ? await ReadCertDirectoryAsync(dir, ct).ConfigureAwait(false) : _ca;
        var tweak = $"|{insecure}|{settings?.CertDirectory}";
        if (settings?.Credentials is { } written)
        {
            return Scope($"config:{image.Registry.Name}|{written.Username}{tweak}",
                () => AdHocClient(image.Registry, RegistryCredential.Basic(written.Username, written.Password), insecure, ca));
        }

        var connection = _adHoc is null && Connections.Count > 0 ? ConnectionResolver.Resolve(image, Connections).Connection : null;
        if (connection is null)
        {
            return Scope($"host:{image.Registry.Name}{tweak}", () => AdHocClient(image.Registry, _adHoc ?? RegistryCredential.Anonymous, insecure, ca));
        }

        return Scope($"connection:{connection.Id:D}{tweak}", () =>
        {
            var adjusted = RegistryAccess.ApplyOverrides(_context, connection);
            var options = adjusted.Options with
            {
                Insecure = adjusted.Options.Insecure || insecure,
                CaBundlePem = settings?.CertDirectory is not null ? ca : adjusted.Options.CaBundlePem,
            };
            return FromConnection(adjusted with { Options = options });
        });
    }

    private RegistryClient Scope(string key, Func<RegistryAccessScope> create)
    {
        if (!_scopes.TryGetValue(key, out var scope))
        {
            scope = create();
            _scopes[key] = scope;
        }

        return scope.Client;
    }

    private RegistryAccessScope FromConnection(Connection connection) => RegistryAccess.ForConnection(connection, Store, _context.Logger);

    private RegistryAccessScope AdHocClient(RegistryHost host, RegistryCredential credential, bool insecure, string? ca) =>
        RegistryAccess.AdHoc(host, credential, insecure, ca, RegistryAccess.Timeout(_context), _context.Logger);

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
        if (Store is not null)
        {
            await Store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
