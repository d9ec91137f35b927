using Berth.Auth;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Providers;
using Berth.Connections.Resolution;
using Berth.Distribution;
using Berth.References;

namespace Berth.Cli.Registry;

/// <summary>
/// Builds a <see cref="RegistryClient"/> for a registry: from the ad-hoc flags when given, else
/// from the saved connection that serves the image (longest host + namespace prefix), else anonymous.
/// </summary>
internal static class RegistryAccess
{
    public static Task<RegistryAccessScope> ForImageAsync(CommandContext context, ImageReference image, CancellationToken ct) =>
        CreateAsync(context, image.Registry, connections => ConnectionResolver.Resolve(image, connections), ct);

    public static Task<RegistryAccessScope> ForHostAsync(CommandContext context, RegistryHost host, CancellationToken ct) =>
        CreateAsync(context, host, connections => ConnectionResolver.ResolveHost(host, connections), ct);

    /// <summary>A client for exactly this connection (verify, repos).</summary>
    public static RegistryAccessScope ForConnection(Connection connection, Connections.Storage.IConnectionStore? store)
    {
        var credentials = new ConnectionCredentialProvider(connection, ProviderContexts.Cli, store);
        return new RegistryAccessScope(RepositoryLister.CreateClient(connection, credentials), connection, credentials);
    }

    private static async Task<RegistryAccessScope> CreateAsync(CommandContext context, RegistryHost registry,
        Func<IReadOnlyList<Connection>, Resolution> resolve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var username = context.Get(RegistryAccessOptions.Username);
        var fromStdin = context.Get(RegistryAccessOptions.PasswordStdin);
        if (fromStdin && string.IsNullOrEmpty(username))
        {
            throw new UsageException("--password-stdin needs --username");
        }

        if (string.IsNullOrEmpty(username) && StoreAccess.Exists(context))
        {
            var store = await StoreAccess.OpenAsync(context, ct).ConfigureAwait(false);
            try
            {
                var org = await StoreAccess.OrganizationAsync(store, ct).ConfigureAwait(false);
                var connections = await store.ListConnectionsAsync(org.Id, ct).ConfigureAwait(false);
                var resolution = resolve(connections);
                if (resolution.Connection is { } connection)
                {
                    connection = ApplyOverrides(context, connection);
                    var credentials = new ConnectionCredentialProvider(connection, ProviderContexts.Cli, store);
                    return new RegistryAccessScope(RepositoryLister.CreateClient(connection, credentials), connection, credentials, store);
                }
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await store.DisposeAsync().ConfigureAwait(false);
        }

        var credential = RegistryCredential.Anonymous;
        if (!string.IsNullOrEmpty(username))
        {
            if (!fromStdin)
            {
                throw new UsageException("--username needs --password-stdin (passwords are never taken as arguments)");
            }

            credential = RegistryCredential.Basic(username, await ReadPasswordAsync(context.In, ct).ConfigureAwait(false));
        }

        return new RegistryAccessScope(new RegistryClient(new RegistryClientOptions
        {
            Registry = registry,
            Credentials = new StaticCredentialProvider(credential),
            Insecure = context.Get(RegistryAccessOptions.Insecure),
            CaCertificatesPem = await ReadCaAsync(context, ct).ConfigureAwait(false),
            Timeout = Timeout(context),
        }), null, null);
    }

    /// <summary>Command-line --insecure, --ca-file and --timeout also apply to a saved connection.</summary>
    private static Connection ApplyOverrides(CommandContext context, Connection connection)
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

    private static TimeSpan Timeout(CommandContext context)
    {
        var timeout = context.Get(RegistryAccessOptions.Timeout);
        return timeout > 0 ? TimeSpan.FromSeconds(timeout) : throw new UsageException("--timeout must be a positive number of seconds");
    }

    private static async Task<string?> ReadCaAsync(CommandContext context, CancellationToken ct)
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
