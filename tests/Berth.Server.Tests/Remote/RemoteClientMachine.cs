using Berth.Testing;

namespace Berth.Server.Tests.Remote;

/// <summary>
/// A machine-like client directory for remote mode: its own HOME (so <c>~/.berth</c> is fresh), a bin directory where
/// <c>docker-credential-berth</c> and <c>berth-credential-provider</c> link to the berth executable, and an environment
/// that hides every store setting of the test process (no BERTH_HOME, database or master key).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class RemoteClientMachine : IDisposable
{
    private readonly TempDirectory _root = new("berth-remote-client");

    public RemoteClientMachine()
    {
        Home = _root.CreateSubdirectory("home");
        Bin = _root.CreateSubdirectory("bin");
        File.CreateSymbolicLink(Path.Combine(Bin, "docker-credential-berth"), BerthCli.Executable);
        File.CreateSymbolicLink(Path.Combine(Bin, "berth-credential-provider"), BerthCli.Executable);
    }

    public string Home { get; }

    public string Bin { get; }

    public string DataDirectory => Path.Combine(Home, ".berth");

    public string Helper => Path.Combine(Bin, "docker-credential-berth");

    public string KubeletProvider => Path.Combine(Bin, "berth-credential-provider");

    public string Combine(params string[] parts) => _root.Combine(parts);

    /// <summary>The environment of a program on this machine; <paramref name="extra"/> adds or overrides.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["PATH"] = Bin + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
            ["BERTH_HOME"] = "",
            ["BERTH_DATABASE"] = "",
            ["BERTH_MASTER_KEY"] = "",
            ["BERTH_SERVER_URL"] = "",
            ["BERTH_TOKEN"] = "",
            ["XDG_RUNTIME_DIR"] = _root.CreateSubdirectory("xdg-run"),
            ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(Home, ".local", "share"),
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>Runs a program (berth, or a link to it) on this machine.</summary>
    public Task<ProcessResult> RunAsync(string program, string? stdin, IReadOnlyDictionary<string, string>? extra, params string[] args) =>
        ProcessRunner.RunAsync(program, args, TimeSpan.FromSeconds(120), CancellationToken.None, Environment(extra), stdin);

    /// <summary>Every file under HOME, relative to it (a store or key would show here).</summary>
    public IReadOnlyList<string> HomeFiles() =>
        Directory.EnumerateFiles(Home, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Home, f)).Order(StringComparer.Ordinal).ToList();

    public void Dispose() => _root.Dispose();
}
