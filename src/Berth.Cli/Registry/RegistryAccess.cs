using Berth.Auth;
using Berth.Distribution;
using Berth.References;

namespace Berth.Cli.Registry;

/// <summary>Builds a <see cref="RegistryClient"/> for a registry from the command's access flags.</summary>
internal static class RegistryAccess
{
    public static async Task<RegistryClient> CreateClientAsync(CommandContext context, RegistryHost registry, CancellationToken ct)
    {
        var clients = await CreateClientsAsync(context, [registry], ct).ConfigureAwait(false);
        return clients[0];
    }

    /// <summary>
    /// One client per registry, all with the same access flags; the password is read from stdin once
    /// (commands such as copy talk to two registries).
    /// </summary>
    public static async Task<IReadOnlyList<RegistryClient>> CreateClientsAsync(CommandContext context, IReadOnlyList<RegistryHost> registries,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(registries);
        var username = context.Get(RegistryAccessOptions.Username);
        var fromStdin = context.Get(RegistryAccessOptions.PasswordStdin);
        if (fromStdin && string.IsNullOrEmpty(username))
        {
            throw new UsageException("--password-stdin needs --username");
        }

        var credential = RegistryCredential.Anonymous;
        if (!string.IsNullOrEmpty(username))
        {
            if (!fromStdin)
            {
                throw new UsageException("--username needs --password-stdin (passwords are never taken as arguments)");
            }

            var password = await ReadPasswordAsync(context.In, ct).ConfigureAwait(false);
            credential = RegistryCredential.Basic(username, password);
        }

        string? caPem = null;
        if (context.Get(RegistryAccessOptions.CaFile) is { } caFile)
        {
            if (!caFile.Exists)
            {
                throw new UsageException($"--ca-file {caFile.FullName}: file not found");
            }

            caPem = await File.ReadAllTextAsync(caFile.FullName, ct).ConfigureAwait(false);
        }

        var timeout = context.Get(RegistryAccessOptions.Timeout);
        if (timeout <= 0)
        {
            throw new UsageException("--timeout must be a positive number of seconds");
        }

        return registries.Select(registry => new RegistryClient(new RegistryClientOptions
        {
            Registry = registry,
            Credentials = new StaticCredentialProvider(credential),
            Insecure = context.Get(RegistryAccessOptions.Insecure),
            CaCertificatesPem = caPem,
            Timeout = TimeSpan.FromSeconds(timeout),
        })).ToList();
    }

    private static async Task<string> ReadPasswordAsync(TextReader stdin, CancellationToken ct)
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
