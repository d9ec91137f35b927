namespace Berth.Testing;

/// <summary>
/// The <c>berth</c> executable for tests that drive the CLI as a user does, beside a server: the Native AOT binary
/// named by <c>BERTH_CLI</c> (test.sh publishes it), else the CLI's own build output of the same configuration.
/// </summary>
public static class BerthCli
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("BERTH_CLI") is { Length: > 0 } published && File.Exists(published)
            ? published
            : RepositoryLayout.BuiltProgram("Berth.Cli", "berth");

    /// <summary>Runs <c>berth --data-dir DIR ARGS</c> with <paramref name="stdin"/> on standard input.</summary>
    public static Task<ProcessResult> RunAsync(string dataDirectory, string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Executable, ["--data-dir", dataDirectory, .. args], TimeSpan.FromSeconds(120), CancellationToken.None, stdin: stdin);
}
