using System.Text.Json;
using Berth.DockerConfig;

namespace Berth.Cli.Remote;

/// <summary>
/// Remote mode: the Berth server this machine asks for credentials, and the API token it asks with. From
/// <c>BERTH_SERVER_URL</c> + <c>BERTH_TOKEN</c> (which win), else from <c>login.json</c> in the data directory, written
/// by <c>berth login</c> with mode 0600. Reading it never opens the store or the master key: a runner in remote mode
/// holds neither.
/// </summary>
internal sealed record RemoteLogin(Uri Server, string Token)
{
    public const string ServerVariable = "BERTH_SERVER_URL";
    public const string TokenVariable = "BERTH_TOKEN";
    public const string FileName = "login.json";

    /// <summary>Where the saved login lives in a data directory.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The remote login in effect: the environment's, else the saved one; null in local mode.</summary>
    /// <exception cref="UsageException">Only one of the two variables is set, or a value or the file is malformed.</exception>
    public static RemoteLogin? Find(string dataDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var url = environment(ServerVariable);
        var token = environment(TokenVariable);
        if (!string.IsNullOrWhiteSpace(url) || !string.IsNullOrWhiteSpace(token))
        {
            if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(token))
            {
                var missing = string.IsNullOrWhiteSpace(url) ? ServerVariable : TokenVariable;
                var present = missing == ServerVariable ? TokenVariable : ServerVariable;
                throw new UsageException($"{present} is set but {missing} is not; remote mode needs both (or neither, to use 'berth login' or the local store)");
            }

            return new RemoteLogin(ParseServer(url, ServerVariable), token.Trim());
        }

        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        SavedLogin? saved;
        try
        {
            saved = JsonSerializer.Deserialize(File.ReadAllBytes(path), RemoteJsonContext.Default.SavedLogin);
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not a Berth login file ({e.Message}); run 'berth logout' and 'berth login URL' again");
        }

        if (saved is null || string.IsNullOrWhiteSpace(saved.Server) || string.IsNullOrWhiteSpace(saved.Token))
        {
            throw new UsageException($"{path} lacks the server or the token; run 'berth logout' and 'berth login URL' again");
        }

        return new RemoteLogin(ParseServer(saved.Server, path), saved.Token);
    }

    /// <summary>The server's base URL: http or https, no query, user info or fragment; a trailing slash added.</summary>
    /// <exception cref="UsageException">Not such a URL.</exception>
    public static Uri ParseServer(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UsageException($"{source}: '{trimmed}' is not a Berth server URL; give http(s)://HOST[:PORT], e.g. https://berth.example.com");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    /// <summary>Saves the login owner-only (0600), replacing any earlier one at once.</summary>
    public async Task SaveAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        Berth.Connections.DataDirectory.Ensure(dataDirectory);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new SavedLogin(Server.ToString(), Token), RemoteJsonContext.Default.SavedLogin);
        await PrivateFile.WriteAtomicAsync(PathIn(dataDirectory), bytes, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server as people write it, without the trailing slash.</summary>
    public string ServerText => Server.ToString().TrimEnd('/');

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"RemoteLogin {{ Server = {ServerText}, token redacted }}";
}

/// <summary>The saved form of a <see cref="RemoteLogin"/>.</summary>
internal sealed record SavedLogin(string Server, string Token)
{
    public override string ToString() => $"SavedLogin {{ Server = {Server}, token redacted }}";
}
