using Berth.Auth;

namespace Berth.Connections.Resolution;

/// <summary>
/// What a <see cref="CredentialChain"/> chose for a registry: a saved connection (its provider derives the
/// credential), or a fixed credential (explicit flags, a sync file, anonymous). <see cref="Source"/> says which,
/// for messages; <see cref="Key"/> is equal for choices that may share one registry client.
/// </summary>
public sealed record CredentialChoice
{
    private CredentialChoice(Connection? connection, RegistryCredential? credential, string source, string key)
    {
        Connection = connection;
        Credential = credential;
        Source = source;
        Key = key;
    }

    public Connection? Connection { get; }

    /// <summary>Null when <see cref="Connection"/> is set.</summary>
    public RegistryCredential? Credential { get; }

    public string Source { get; }

    public string Key { get; }

    public static CredentialChoice Saved(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new(connection, null, $"saved connection '{connection.Name}'", "connection:" + connection.Id.ToString("D"));
    }

    /// <param name="credential">The credential to use as given.</param>
    /// <param name="source">Where it came from ("--username", "sync file"), for messages.</param>
    /// <param name="registry">The registry it is for (clients are shared per registry and source).</param>
    public static CredentialChoice Fixed(RegistryCredential credential, string source, string registry) =>
        new(null, credential, source, $"{source}:{registry}:{credential?.Username}");

    public static CredentialChoice Anonymous(string registry) =>
        new(null, RegistryCredential.Anonymous, "anonymous", "anonymous:" + registry);
}
