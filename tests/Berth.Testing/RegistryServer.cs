using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Testing;

/// <summary>
/// A real CNCF Distribution 2.8 registry (<c>docker-registry serve</c>) on 127.0.0.1 with its own temp directory
/// for config, storage, certificates and log. Dispose kills it and deletes the directory; the process is also
/// killed when the test host exits or dies (a watcher on its stdin pipe ends it when the pipe closes).
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    // The registry runs under sh so its output goes to a log file and a watcher kills it when our stdin pipe
    // closes, which also happens when the test host is killed outright and ProcessExit never runs.
    private const string LauncherScript =
        "exec 3<&0\n"
        + "\"$0\" serve \"$1\" </dev/null >>\"$2\" 2>&1 &\n"
        + "child=$!\n"
        + "( read -r _ <&3; kill $child 2>/dev/null ) &\n"
        + "wait $child\n";

    private readonly TempDirectory directory;
    private readonly TestCertificateAuthority? ownedAuthority;
    private readonly IssuedCertificate? serverCertificate;
    private Process? process;

    private RegistryServer(RegistryOptions options, TempDirectory directory, TestCertificateAuthority? authority, TestCertificateAuthority? ownedAuthority, IssuedCertificate? serverCertificate)
    {
        Options = options;
        this.directory = directory;
        CertificateAuthority = authority;
        this.ownedAuthority = ownedAuthority;
        this.serverCertificate = serverCertificate;
        DataDirectory = directory.CreateSubdirectory("data");
        LogPath = directory.Combine("registry.log");
        ConfigPath = directory.Combine("config.yml");
    }

    public RegistryOptions Options { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of image references.</summary>
    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT/</c> or <c>https://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public bool IsTls => Options.Tls;

    /// <summary>The CA that issued the server certificate; null without TLS.</summary>
    public TestCertificateAuthority? CertificateAuthority { get; }

    /// <summary>PEM file of the CA certificate; null without TLS.</summary>
    public string? CaCertificatePath => CertificateAuthority?.CaCertificatePath;

    /// <summary>Directory holding only <c>ca.crt</c> (skopeo <c>--cert-dir</c>); null without TLS.</summary>
    public string? CertificateDirectory => CertificateAuthority?.CertificateDirectory;

    /// <summary>Filesystem storage root (<c>storage.filesystem.rootdirectory</c>).</summary>
    public string DataDirectory { get; }

    /// <summary>The registry's combined stdout/stderr (text log format, access log included).</summary>
    public string LogPath { get; }

    public string ConfigPath { get; }

    /// <summary>Where the registry keeps a blob's bytes on disk (to corrupt or delete it under a running registry).</summary>
    public string BlobDataPath(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var hex = digest[(colon + 1)..];
        return Path.Combine(DataDirectory, "docker", "registry", "v2", "blobs", digest[..colon], hex[..2], hex, "data");
    }

    /// <summary>The token <c>service</c> in token mode, else null.</summary>
    public string? TokenService => Options.TokenIssuer is null ? null : Options.TokenService;

    /// <summary>Starts a registry and waits until <c>GET /v2/</c> answers 200 or 401.</summary>
    public static async Task<RegistryServer> StartAsync(RegistryOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HtpasswdUsers is not null && options.TokenIssuer is not null)
        {
            throw new ArgumentException("Choose htpasswd or token auth for a test registry, not both.", nameof(options));
        }
        if (!File.Exists(options.Executable))
        {
            throw new RegistryStartException($"'{options.Executable}' is missing; install the Debian package docker-registry (test.sh does).");
        }

        var directory = new TempDirectory("berth-registry", deleteInBackground: true);
        TestCertificateAuthority? owned = null;
        IssuedCertificate? certificate = null;
        RegistryServer? server = null;
        try
        {
            var authority = options.CertificateAuthority;
            if (options.Tls)
            {
                authority ??= owned = TestCertificateAuthority.Create(directory.Combine("ca"));
                certificate = authority.IssueServerCertificate(directory.Combine("tls"), "registry");
            }
            server = new RegistryServer(options, directory, options.Tls ? authority : null, owned, certificate);
            if (options.HtpasswdUsers is not null)
            {
                await WriteHtpasswdAsync(options.HtpasswdUsers, directory.Combine("htpasswd"), ct);
            }
            await server.StartProcessAsync(ct);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                certificate?.Dispose();
                owned?.Dispose();
                directory.Dispose();
            }
            throw;
        }
    }

    /// <summary>The registry's log so far, for assertion messages and diagnostics.</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    /// <summary>A handler that trusts the registry's CA when it serves TLS; a plain handler otherwise.</summary>
    public HttpMessageHandler CreateHttpHandler() =>
        CertificateAuthority?.CreateHttpHandler() ?? new SocketsHttpHandler();

    /// <summary>An <see cref="HttpClient"/> with <see cref="BaseUri"/> as base address that trusts the registry's CA.</summary>
    public HttpClient CreateHttpClient() => new(CreateHttpHandler()) { BaseAddress = BaseUri };

    /// <summary>The image reference <c>127.0.0.1:PORT/repository:tag</c> (or <c>@digest</c> when <paramref name="tagOrDigest"/> contains <c>:</c> after an algorithm).</summary>
    public string Reference(string repository, string tagOrDigest = "latest") =>
        tagOrDigest.Contains(':', StringComparison.Ordinal) ? $"{Host}/{repository}@{tagOrDigest}" : $"{Host}/{repository}:{tagOrDigest}";

    private async Task StartProcessAsync(CancellationToken ct)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            Port = PortAllocator.GetFreePort();
            Host = $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
            BaseUri = new Uri($"{(Options.Tls ? "https" : "http")}://{Host}/");
            await File.WriteAllTextAsync(ConfigPath, BuildConfig(), ct);
            var logStart = File.Exists(LogPath) ? new FileInfo(LogPath).Length : 0;

            var info = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(LauncherScript);
            info.ArgumentList.Add(Options.Executable);
            info.ArgumentList.Add(ConfigPath);
            info.ArgumentList.Add(LogPath);
            process = Process.Start(info) ?? throw new RegistryStartException("Could not start /bin/sh for docker-registry.");
            ChildProcessReaper.Track(process, directory);

            var ready = await WaitUntilReadyAsync(ct);
            if (ready)
            {
                return;
            }
            var log = ReadLog();
            var newLog = log.Length > logStart ? log[(int)Math.Min(logStart, log.Length)..] : log;
            StopProcess();
            if (attempt < attempts && newLog.Contains("address already in use", StringComparison.Ordinal))
            {
                continue; // Another process took the port between allocation and bind.
            }
            throw new RegistryStartException(
                $"docker-registry did not answer GET {BaseUri}v2/ within {Options.StartTimeout.TotalSeconds:0} s. Log {LogPath}:\n{Tail(newLog, 40)}");
        }
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken ct)
    {
        using var client = new HttpClient(CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Options.StartTimeout)
        {
            ct.ThrowIfCancellationRequested();
            if (process is null || process.HasExited)
            {
                return false;
            }
            try
            {
                using var response = await client.GetAsync(new Uri(BaseUri, "v2/"), ct);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Per-request timeout; try again.
            }
            await Task.Delay(50, ct);
        }
        return false;
    }

    private string BuildConfig()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine("  level: info");
        yaml.AppendLine("  formatter: text");
        yaml.AppendLine("  fields:");
        yaml.AppendLine("    service: berth-test-registry");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine($"    rootdirectory: {Quote(DataDirectory)}");
        yaml.AppendLine("  delete:");
        yaml.AppendLine($"    enabled: {(Options.DeleteEnabled ? "true" : "false")}");
        yaml.AppendLine("  maintenance:");
        yaml.AppendLine("    uploadpurging:");
        yaml.AppendLine("      enabled: false");
        yaml.AppendLine("http:");
        yaml.AppendLine($"  addr: {Host}");
        yaml.AppendLine($"  secret: {Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant()}");
        if (serverCertificate is not null)
        {
            yaml.AppendLine("  tls:");
            yaml.AppendLine($"    certificate: {Quote(serverCertificate.CertificatePath)}");
            yaml.AppendLine($"    key: {Quote(serverCertificate.KeyPath)}");
        }
        yaml.AppendLine("catalog:");
        yaml.AppendLine($"  maxentries: {Options.CatalogMaxEntries.ToString(CultureInfo.InvariantCulture)}");
        if (Options.HtpasswdUsers is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  htpasswd:");
            yaml.AppendLine($"    realm: {Quote(Options.HtpasswdRealm)}");
            yaml.AppendLine($"    path: {Quote(directory.Combine("htpasswd"))}");
        }
        else if (Options.TokenIssuer is { } issuer)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  token:");
            yaml.AppendLine($"    realm: {Quote(issuer.Realm)}");
            yaml.AppendLine($"    service: {Quote(Options.TokenService)}");
            yaml.AppendLine($"    issuer: {Quote(issuer.IssuerName)}");
            yaml.AppendLine($"    rootcertbundle: {Quote(issuer.SigningCertificatePath)}");
        }
        return yaml.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static async Task WriteHtpasswdAsync(IReadOnlyDictionary<string, string> users, string path, CancellationToken ct)
    {
        var lines = new StringBuilder();
        foreach (var (user, password) in users)
        {
            // -B bcrypt (the only hash Distribution accepts), -b password from the command line, -n print only.
            var result = await ProcessRunner.RunAsync("htpasswd", ["-Bbn", user, password], TimeSpan.FromSeconds(30), ct);
            if (result.ExitCode != 0)
            {
                throw new RegistryStartException($"htpasswd failed for user '{user}' (exit {result.ExitCode}): {result.Stderr.Trim()}");
            }
            lines.Append(result.Stdout.Trim()).Append('\n');
        }
        await File.WriteAllTextAsync(path, lines.ToString(), ct);
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private void StopProcess()
    {
        if (process is null)
        {
            return;
        }
        ProcessRunner.Kill(process);
        ChildProcessReaper.Untrack(process);
        process.Dispose();
        process = null;
    }

    public ValueTask DisposeAsync()
    {
        StopProcess();
        serverCertificate?.Dispose();
        ownedAuthority?.Dispose();
        directory.Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"registry {BaseUri}";
}
