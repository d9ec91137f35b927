using Berth.Auth;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Resolution;
using Berth.Connections.Storage;
using Berth.Distribution;
using Berth.References;

namespace Berth.Cli.Registry;

/// <summary>
/// Builds registry clients for a command: from the ad-hoc flags when given, else from the saved
/// connection that serves the image (longest host + namespace prefix), else anonymous.
/// </summary>
internal static class RegistryAccess
{
    public static Task<RegistryAccessSet> ForImageAsync(CommandContext context, ImageReference image, CancellationToken ct) =>
        ForImagesAsync(context, [image], ct);

    public static Task<RegistryAccessSet> ForHostAsync(CommandContext context, RegistryHost host, CancellationToken ct) =>
        OpenAsync(context, [(host, connections => ConnectionResolver.ResolveHost(host, connections))], ct);

    /// <summary>
    /// Clients for several images (copy reads one and writes another). Images served the same way
    /// share one client, so a copy within one registry can mount blobs; the password is read from
    /// stdin once.
    /// </summary>
    public static Task<RegistryAccessSet> ForImagesAsync(CommandContext context, IReadOnlyList<ImageReference> images, CancellationToken ct) =>
        OpenAsync(context, images.Select(i => (i.Registry, (Func<IReadOnlyList<Connection>, Resolution>)(c => ConnectionResolver.Resolve(i, c)))).ToList(), ct);

    /// <summary>A client for exactly this connection, its credentials derived by its provider.</summary>
    internal static RegistryAccessScope ForConnection(Connection connection, IConnectionStore? store, Microsoft.Extensions.Logging.ILogger? logger)
    {
        var credentials = new ConnectionCredentialProvider(connection, ProviderContexts.Cli, store);
        return new RegistryAccessScope(ConnectionClients.Create(connection, credentials, logger: logger), connection, credentials);
    }

    /// <summary>A client with one fixed credential (ad-hoc flags, or anonymous).</summary>
    internal static RegistryAccessScope AdHoc(RegistryHost host, RegistryCredential credential, bool insecure, string? caPem,
        TimeSpan timeout, Microsoft.Extensions.Logging.ILogger? logger) =>
        new(new RegistryClient(new RegistryClientOptions
        {
            Registry = host,
            Credentials = new StaticCredentialProvider(credential),
            Insecure = insecure,
            CaCertificatesPem = caPem,
            Timeout = timeout,
            Logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        }), null, null);

    private static async Task<RegistryAccessSet> OpenAsync(CommandContext context,
        IReadOnlyList<(RegistryHost Host, Func<IReadOnlyList<Connection>, Resolution> Resolve)> targets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var adHoc = await AdHocCredentialAsync(context, ct).ConfigureAwait(false);
        IConnectionStore? store = null;
        IReadOnlyList<Connection> connections = [];
        if (adHoc is null && StoreAccess.Exists(context))
        {
            store = await StoreAccess.OpenAsync(context, ct).ConfigureAwait(false);
            var org = await StoreAccess.OrganizationAsync(store, ct).ConfigureAwait(false);
            connections = await store.ListConnectionsAsync(org.Id, ct).ConfigureAwait(false);
        }

        var set = new RegistryAccessSet(store);
        try
        {
            var byKey = new Dictionary<string, RegistryAccessScope>(StringComparer.Ordinal);
            foreach (var (host, resolve) in targets)
            {
                var connection = connections.Count > 0 ? resolve(connections).Connection : null;
                var key = connection is not null ? "connection:" + connection.Id : "host:" + host.Name;
                if (!byKey.TryGetValue(key, out var scope))
                {
                    scope = connection is not null
                        ? FromConnection(context, connection, store)
                        : AdHoc(host, adHoc ?? RegistryCredential.Anonymous, context.Get(RegistryAccessOptions.Insecure),
                            await ReadCaAsync(context, ct).ConfigureAwait(false), Timeout(context), context.Logger);
                    byKey[key] = scope;
                    set.Add(scope);
                }

                set.Map(scope);
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static RegistryAccessScope FromConnection(CommandContext context, Connection connection, IConnectionStore? store) =>
        ForConnection(ApplyOverrides(context, connection), store, context.Logger);

    /// <summary>The <c>--username</c>/<c>--password-stdin</c> credential, or null when none was given.</summary>
    internal static async Task<RegistryCredential?> AdHocCredentialAsync(CommandContext context, CancellationToken ct)
    {
        var username = context.Get(RegistryAccessOptions.Username);
        var fromStdin = context.Get(RegistryAccessOptions.PasswordStdin);
        if (fromStdin && string.IsNullOrEmpty(username))
        {
            throw new UsageException("--password-stdin needs --username");
        }

        if (string.IsNullOrEmpty(username))
        {
            return null;
        }

        if (!fromStdin)
        {
            throw new UsageException("--username needs --password-stdin (passwords are never taken as arguments)");
        }

        return RegistryCredential.Basic(username, await ReadPasswordAsync(context.In, ct).ConfigureAwait(false));
    }

    /// <summary>Command-line --insecure, --ca-file and --timeout also apply to a saved connection.</summary>
    internal static Connection ApplyOverrides(CommandContext context, Connection connection)
    {
        var options = connection.Options;
        if (context.Get(RegistryAccessOptions.Insecure))
        {
            options = options with { Insecure = true };
        }

        if (context.Get(RegistryAccessOptions.CaFile) is { } ca)
        {
            options = options with { CaBundlePem = File.ReadAllText(ca.FullName) };
        }

        if (context.Parse.GetResult(RegistryAccessOptions.Timeout) is { Implicit: false })
        {
            options = options with { ClientTimeout = Timeout(context) };
        }

        return connection with { Options = options };
    }

    internal static TimeSpan Timeout(CommandContext context)
    {
        var timeout = context.Get(RegistryAccessOptions.Timeout);
        return timeout > 0 ? TimeSpan.FromSeconds(timeout) : throw new UsageException("--timeout must be a positive number of seconds");
    }

    internal static async Task<string?> ReadCaAsync(CommandContext context, CancellationToken ct)
    {
        if (context.Get(RegistryAccessOptions.CaFile) is not { } caFile)
        {
            return null;
        }

        if (!caFile.Exists)
        {
            throw new UsageException($"--ca-file {caFile.FullName}: file not found");
        }

        return await File.ReadAllTextAsync(caFile.FullName, ct).ConfigureAwait(false);
    }

    internal static async Task<string> ReadPasswordAsync(TextReader stdin, CancellationToken ct)
    {
        var text = await stdin.ReadToEndAsync(ct).ConfigureAwait(false);
        // `echo $PW |` adds a newline that is not part of the password; docker login trims it too.
        var password = text.TrimEnd('\r', '\n');
        if (password.Length == 0)
        {
            throw new UsageException("--password-stdin: standard input was empty");
        }

        return password;
    }
}
