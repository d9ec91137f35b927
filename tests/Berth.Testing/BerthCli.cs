namespace Berth.Testing;

/// <summary>
/// The <c>berth</c> executable for tests that drive the CLI as a user does, beside a server: the Native AOT binary
/// named by <c>BERTH_CLI</c> (test.sh publishes it), else the CLI's own build output of the same configuration.
/// </summary>
public static class BerthCli
{
    public static string Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BERTH_CLI") is { Length: > 0 } published && File.Exists(published))
            {
                return published;
            }

            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = baseDir;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Berth.slnx")))
            {
                root = root.Parent;
            }

            var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Berth.slnx not found above the tests"),
                "src", "Berth.Cli", "bin", baseDir.Parent!.Name, baseDir.Name, "berth");
            return File.Exists(path) ? path : throw new InvalidOperationException($"berth is not built at {path}; build the solution first");
        }
    }

    /// <summary>Runs <c>berth --data-dir DIR ARGS</c> with <paramref name="stdin"/> on standard input.</summary>
    public static Task<ProcessResult> RunAsync(string dataDirectory, string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Executable, ["--data-dir", dataDirectory, .. args], TimeSpan.FromSeconds(120), CancellationToken.None, stdin: stdin);
}
