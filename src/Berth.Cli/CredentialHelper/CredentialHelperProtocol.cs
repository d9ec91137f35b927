using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.Docker;
using Berth.Connections.Storage;
using Berth.DockerConfig;
using Berth.Errors;

namespace Berth.Cli.CredentialHelper;

/// <summary>
/// The docker credential-helper protocol (<c>docker-credential-berth get|store|erase|list|version</c>): the verb
/// as the only argument, the request on stdin, the answer on stdout, exit 0; any failure is one line on stdout
/// (docker shows a helper's stdout) and exit 1, and "no credentials" is exactly
/// <c>credentials not found in native keychain</c>. Answers come from the saved connections in <c>$BERTH_HOME</c>
/// (else <c>~/.berth</c>) or <c>$BERTH_DATABASE</c>, or, in remote mode (<c>berth login</c>, or
/// <c>BERTH_SERVER_URL</c> + <c>BERTH_TOKEN</c>), from a Berth server, without opening any store or key. Nothing here
/// builds the CLI's command tree, so docker's frequent calls start fast.
/// </summary>
internal static partial class CredentialHelperProtocol
{
    public const string Usage = "Usage: docker-credential-berth <store|get|erase|list|version>";

    /// <summary>docker-credential-helpers' wording for an empty server URL and username.</summary>
    public const string MissingServerUrl = "no credentials server URL";
    public const string MissingUsername = "no credentials username";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="args">The verb (one argument).</param>
    /// <param name="stdin">The request.</param>
    /// <param name="stdout">The answer, or the error line.</param>
    /// <param name="dataDirectoryOption">--data-dir when run as <c>berth credential-helper</c>; null uses BERTH_HOME or ~/.berth.</param>
    /// <param name="databaseOption">--database likewise; null uses BERTH_DATABASE.</param>
    /// <param name="ct">Cancels the request.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout,
        string? dataDirectoryOption, string? databaseOption, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        if (args.Count != 1)
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var verb = args[0];
        var dataDirectory = DataDirectory.Resolve(dataDirectoryOption);
        try
        {
            if (verb != "version" && Remote.RemoteLogin.Find(dataDirectory) is { } login)
            {
                return await RunRemoteAsync(verb, login, stdin, stdout, ct).ConfigureAwait(false);
            }

            var location = new StoreLocation(dataDirectory, StoreAccess.DatabaseOf(databaseOption));
            return verb switch
            {
                "get" => await GetAsync(location, stdin, stdout, ct).ConfigureAwait(false),
                "store" => await StoreAsync(location, stdin, stdout, ct).ConfigureAwait(false),
                "erase" => await EraseAsync(location, stdin, stdout, ct).ConfigureAwait(false),
                "list" => await ListAsync(location, stdout, ct).ConfigureAwait(false),
                "version" => await VersionAsync(stdout).ConfigureAwait(false),
                _ => await FailAsync(stdout, Usage).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is BerthException or DbException or IOException or UnauthorizedAccessException or HttpRequestException
            or JsonException)
        {
            // One line: docker quotes a helper's output inside its own error message.
            return await FailAsync(stdout, ex.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
        }
    }

    private static async Task<int> GetAsync(StoreLocation location, TextReader stdin, TextWriter stdout, CancellationToken ct)
    {
        var serverUrl = (await stdin.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
        if (serverUrl.Length == 0)
        {
            return await FailAsync(stdout, MissingServerUrl).ConfigureAwait(false);
        }

        if (!location.Exists)
        {
            return await FailAsync(stdout, CredentialHelperClient.NotFoundMessage).ConfigureAwait(false);
        }

        await using var session = await location.OpenAsync(ct).ConfigureAwait(false);
        var credential = await session.Service.GetAsync(serverUrl, ct).ConfigureAwait(false);
        if (credential is null)
        {
            return await FailAsync(stdout, CredentialHelperClient.NotFoundMessage).ConfigureAwait(false);
        }

        return await WriteCredentialAsync(stdout, credential).ConfigureAwait(false);
    }

    private static async Task<int> WriteCredentialAsync(TextWriter stdout, HelperCredential credential)
    {
        await stdout.WriteLineAsync(Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("ServerURL", credential.ServerUrl);
            writer.WriteString("Username", credential.Username);
            writer.WriteString("Secret", credential.Secret);
            writer.WriteEndObject();
        })).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> StoreAsync(StoreLocation location, TextReader stdin, TextWriter stdout, CancellationToken ct)
    {
        var text = await stdin.ReadToEndAsync(ct).ConfigureAwait(false);
        string serverUrl, username, secret;
        using (var document = JsonDocument.Parse(text))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return await FailAsync(stdout, "store expects a JSON object {\"ServerURL\",\"Username\",\"Secret\"} on stdin").ConfigureAwait(false);
            }

            serverUrl = Property(root, "ServerURL").Trim();
            username = Property(root, "Username");
            secret = Property(root, "Secret");
        }

        if (serverUrl.Length == 0)
        {
            return await FailAsync(stdout, MissingServerUrl).ConfigureAwait(false);
        }

        if (username.Length == 0)
        {
            return await FailAsync(stdout, MissingUsername).ConfigureAwait(false);
        }

        await using var session = await location.OpenAsync(ct).ConfigureAwait(false);
        await session.Service.StoreAsync(new HelperCredential(serverUrl, username, secret), ct).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> EraseAsync(StoreLocation location, TextReader stdin, TextWriter stdout, CancellationToken ct)
    {
        var serverUrl = (await stdin.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
        if (serverUrl.Length == 0)
        {
            return await FailAsync(stdout, MissingServerUrl).ConfigureAwait(false);
        }

        if (!location.Exists)
        {
            return await FailAsync(stdout, CredentialHelperClient.NotFoundMessage).ConfigureAwait(false);
        }

        await using var session = await location.OpenAsync(ct, dependents: true).ConfigureAwait(false);
        return await session.Service.EraseAsync(serverUrl, ct).ConfigureAwait(false)
            ? ExitCodes.Ok
            : await FailAsync(stdout, CredentialHelperClient.NotFoundMessage).ConfigureAwait(false);
    }

    private static async Task<int> ListAsync(StoreLocation location, TextWriter stdout, CancellationToken ct)
    {
        IReadOnlyDictionary<string, string> list = new Dictionary<string, string>();
        if (location.Exists)
        {
            await using var session = await location.OpenAsync(ct).ConfigureAwait(false);
            list = await session.Service.ListAsync(ct).ConfigureAwait(false);
        }

        return await WriteListAsync(stdout, list).ConfigureAwait(false);
    }

    private static async Task<int> WriteListAsync(TextWriter stdout, IReadOnlyDictionary<string, string> list)
    {
        await stdout.WriteLineAsync(Json(writer =>
        {
            writer.WriteStartObject();
            foreach (var (url, username) in list)
            {
                writer.WriteString(url, username);
            }

            writer.WriteEndObject();
        })).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> VersionAsync(TextWriter stdout)
    {
        var version = typeof(CredentialHelperProtocol).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        await stdout.WriteLineAsync($"{InvocationName.CredentialHelperProgram} (berth) {version}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> FailAsync(TextWriter stdout, string message)
    {
        await stdout.WriteLineAsync(message).ConfigureAwait(false);
        return ExitCodes.Failed;
    }

    private static string Property(JsonElement root, string name)
    {
        // Go's encoding/json matches field names case-insensitively; helpers written in Go accept "serverurl".
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString() ?? "";
            }
        }

        return "";
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private sealed record StoreLocation(string DataDirectory, string? Database)
    {
        public bool Exists => StoreAccess.Exists(DataDirectory, Database);

        /// <param name="dependents">For 'erase', which must not silently remove a connection a ci token names.</param>
        /// <param name="ct">Cancellation.</param>
        public async Task<Session> OpenAsync(CancellationToken ct, bool dependents = false)
        {
            var core = await CliCore.OpenAsync(DataDirectory, Database, "credential-helper", null, dependents, ct).ConfigureAwait(false);
            var allowStore = CredentialHelperService.IsAllowStore(Environment.GetEnvironmentVariable(CredentialHelperService.AllowStoreVariable));
            return new Session(core, new CredentialHelperService(core.Connections, core.Actor, allowStore));
        }
    }

    private sealed class Session(CliCore core, CredentialHelperService service) : IAsyncDisposable
    {
        public CredentialHelperService Service { get; } = service;

        public ValueTask DisposeAsync() => core.DisposeAsync();
    }
}
