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

    /// <summary>A client for registry-wide operations (catalog): a connection to the host without a namespace first.</summary>
    public static Task<RegistryAccessSet> ForHostAsync(CommandContext context, RegistryHost host, CancellationToken ct) =>
        OpenAsync(context, [(host, null)], ct);

    /// <summary>
    /// Clients for several images (copy reads one and writes another). Images served the same way
    /// share one client, so a copy within one registry can mount blobs; the password is read from
    /// stdin once.
    /// </summary>
    public static Task<RegistryAccessSet> ForImagesAsync(CommandContext context, IReadOnlyList<ImageReference> images, CancellationToken ct) =>
        OpenAsync(context, images.Select(i => (i.Registry, (string?)i.Repository)).ToList(), ct);

    /// <summary>
    /// The command's credential chain: <c>--username</c>/<c>--password-stdin</c> when given, then the saved
    /// connection serving the image, then anonymous.
    /// </summary>
    internal static CredentialChain Chain(RegistryCredential? adHoc, IReadOnlyList<Connection> connections, params ICredentialSource[] first)
    {
        var sources = new List<ICredentialSource>(first);
        if (adHoc is not null)
        {
            sources.Add(CredentialSources.Explicit(adHoc, "--username"));
        }

        sources.Add(CredentialSources.Saved(connections));
        return new CredentialChain(sources);
    }

    /// <summary>The client for a chosen credential, with the command line's --insecure, --ca-file and --timeout.</summary>
    internal static RegistryAccessScope Client(CommandContext context, RegistryClientFactory clients, RegistryHost host, CredentialChoice choice, bool insecure, string? caPem) =>
        choice.Connection is { } connection
            ? new RegistryAccessScope(clients.Create(ApplyOverrides(context, connection)), connection)
            : new RegistryAccessScope(clients.Create(host, choice.Credential!, insecure, caPem, Timeout(context)), null);

    private static async Task<RegistryAccessSet> OpenAsync(CommandContext context, IReadOnlyList<(RegistryHost Host, string? Repository)> targets, CancellationToken ct)
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
            var chain = Chain(adHoc, connections);
            var clients = new RegistryClientFactory(ProviderContexts.Cli, store, logger: context.Logger);
            set.Clients = clients;
            var insecure = context.Get(RegistryAccessOptions.Insecure);
            var ca = await ReadCaAsync(context, ct).ConfigureAwait(false);
            var byKey = new Dictionary<string, RegistryAccessScope>(StringComparer.Ordinal);
            foreach (var (host, repository) in targets)
            {
                var choice = chain.Resolve(host, repository);
                if (!byKey.TryGetValue(choice.Key, out var scope))
                {
                    scope = Client(context, clients, host, choice, insecure, ca);
                    byKey[choice.Key] = scope;
                    set.Add(scope);
                    scope.Hints = await clients.EndpointHintsAsync(choice.Connection, ct).ConfigureAwait(false);
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

    /// <summary>A saved connection with this run's <c>--timeout</c> (<see cref="RegistryAccessOptions.ConnectionTimeout"/>), when given.</summary>
    internal static Connection ApplyTimeout(CommandContext context, Connection connection)
    {
        if (context.Get(RegistryAccessOptions.ConnectionTimeout) is not { } seconds)
        {
            return connection;
        }

        return seconds > 0
            ? connection with { Options = connection.Options with { ClientTimeout = TimeSpan.FromSeconds(seconds) } }
            : throw new UsageException("--timeout must be a positive number of seconds");
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
