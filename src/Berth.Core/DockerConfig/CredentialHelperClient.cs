using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Berth.Processes;

namespace Berth.DockerConfig;

/// <summary>
/// Runs <c>docker-credential-&lt;name&gt;</c> exactly as docker does: the verb as the only argument, the request
/// on stdin, the answer on stdout; no shell. <c>get</c> takes the server URL and returns
/// <c>{"ServerURL","Username","Secret"}</c>; <c>list</c> returns URL → username; <c>store</c> takes the JSON
/// credential; <c>erase</c> takes the URL. A helper that prints <c>credentials not found in native keychain</c>
/// means "no credentials" and is not an error. The helper gets the caller's environment without Berth's own
/// variables (<see cref="ChildEnvironment"/>).
/// </summary>
public sealed class CredentialHelperClient
{
    /// <summary>The message every helper prints (with exit 1) when it has no credentials for a server.</summary>
    public const string NotFoundMessage = "credentials not found in native keychain";

    /// <summary>The prefix of every helper program name.</summary>
    public const string ProgramPrefix = "docker-credential-";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string? _executablePath;

    /// <param name="helperName">The suffix as written in <c>credsStore</c>/<c>credHelpers</c>, e.g. <c>desktop</c> or <c>ecr-login</c>.</param>
    /// <param name="executablePath">Run this file instead of searching <c>PATH</c>.</param>
    /// <param name="timeout">How long one call may take (default 30 s); a hung helper is killed.</param>
    public CredentialHelperClient(string helperName, string? executablePath = null, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(helperName);
        if (helperName.Contains('/', StringComparison.Ordinal) || helperName.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"credential helper name '{helperName}' must be a bare suffix such as 'desktop', not a path", nameof(helperName));
        }

        HelperName = helperName;
        _executablePath = executablePath;
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    public string HelperName { get; }

    public string ProgramName => ProgramPrefix + HelperName;

    public TimeSpan Timeout { get; }

    /// <summary>The credentials for a server, or null when the helper has none.</summary>
    public async Task<HelperCredential?> GetAsync(string serverUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverUrl);
        var result = await RunAsync("get", serverUrl, cancellationToken).ConfigureAwait(false);
        if (result.IsNotFound)
        {
            return null;
        }

        result.ThrowIfFailed("getting", ProgramName);
        try
        {
            using var document = JsonDocument.Parse(result.Stdout);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialHelperException($"{ProgramName} get returned JSON that is not an object");
            }

            var username = Property(root, "Username") ?? "";
            var secret = Property(root, "Secret") ?? "";
            var url = Property(root, "ServerURL");
            return new HelperCredential(string.IsNullOrEmpty(url) ? serverUrl : url, username, secret);
        }
        catch (JsonException ex)
        {
            // The output may hold a secret, so it stays out of the message.
            throw new CredentialHelperException($"{ProgramName} get returned output that is not JSON", ex);
        }
    }

    /// <summary>Every server URL the helper holds credentials for, with its username.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync("list", "", cancellationToken).ConfigureAwait(false);
        result.ThrowIfFailed("listing", ProgramName);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(result.Stdout) ? "{}" : result.Stdout);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialHelperException($"{ProgramName} list returned JSON that is not an object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                entries[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : "";
            }
        }
        catch (JsonException ex)
        {
            throw new CredentialHelperException($"{ProgramName} list returned output that is not JSON", ex);
        }

        return entries;
    }

    /// <summary>Stores a credential (use <see cref="HelperCredential.IdentityTokenUsername"/> for identity tokens).</summary>
    public async Task StoreAsync(HelperCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("ServerURL", credential.ServerUrl);
            writer.WriteString("Username", credential.Username);
            writer.WriteString("Secret", credential.Secret);
            writer.WriteEndObject();
        }

        var result = await RunAsync("store", Encoding.UTF8.GetString(buffer.ToArray()), cancellationToken).ConfigureAwait(false);
        result.ThrowIfFailed("storing", ProgramName);
    }

    /// <summary>Erases the credential for a server.</summary>
    public async Task EraseAsync(string serverUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverUrl);
        var result = await RunAsync("erase", serverUrl, cancellationToken).ConfigureAwait(false);
        result.ThrowIfFailed("erasing", ProgramName);
    }

    private static string? Property(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<HelperResult> RunAsync(string verb, string input, CancellationToken cancellationToken)
    {
        var path = _executablePath ?? FindOnPath(ProgramName);
        if (path is null)
        {
            throw new CredentialHelperException(
                $"error {Gerund(verb)} credentials - err: exec: \"{ProgramName}\": executable file not found in $PATH, out: ``");
        }

        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(verb);
        ChildEnvironment.Scrub(start);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CredentialHelperException(
                $"error {Gerund(verb)} credentials - err: exec: \"{path}\": {ex.Message}, out: ``", ex);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited without reading stdin (list ignores it); its exit status tells the story.
            }

            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new HelperResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new CredentialHelperException(
                $"error {Gerund(verb)} credentials - err: {ProgramName} did not answer within {Timeout.TotalSeconds:0.#}s and was stopped");
        }
    }

    private static string Gerund(string verb) => verb switch
    {
        "get" => "getting",
        "list" => "listing",
        "store" => "storing",
        _ => "erasing",
    };

    private static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() ||
                (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }

    private readonly record struct HelperResult(int ExitCode, string Stdout, string Stderr)
    {
        public bool IsNotFound => ExitCode != 0 && Stdout.Trim() == NotFoundMessage;

        /// <summary>Docker's wording: <c>error getting credentials - err: exit status 1, out: `...`</c>.</summary>
        public void ThrowIfFailed(string gerund, string program)
        {
            if (ExitCode == 0)
            {
                return;
            }

            var output = Stdout.Trim();
            if (output.Length == 0)
            {
                output = Stderr.Trim();
            }

            if (output.Length > 500)
            {
                output = output[..500] + "…";
            }

            throw new CredentialHelperException($"error {gerund} credentials - err: exit status {ExitCode}, out: `{output}` ({program})")
            {
                ExitCode = ExitCode,
            };
        }
    }
}
