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

    /// <summary>
    /// Runs <c>berth --data-dir DIR ARGS</c> under <c>/usr/bin/time</c> (Debian's <c>time</c>): its output, its peak resident
    /// memory (the kernel's high-water mark, not a sample) and how long it ran.
    /// </summary>
    public static async Task<MeasuredRun> RunMeasuredAsync(string dataDirectory, params string[] args)
    {
        var stats = Path.Combine(dataDirectory, $"time-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(dataDirectory);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync("/usr/bin/time", ["-f", "%M", "-o", stats, Executable, "--data-dir", dataDirectory, .. args],
            TimeSpan.FromSeconds(120), CancellationToken.None);
        var elapsed = clock.Elapsed;
        var peak = long.Parse(File.ReadAllLines(stats).Last(l => l.Length > 0), System.Globalization.CultureInfo.InvariantCulture);
        return new MeasuredRun(result, peak * 1024, elapsed);
    }
}

/// <summary>A process's result, its peak resident set size in bytes, and its wall time.</summary>
public sealed record MeasuredRun(ProcessResult Result, long PeakRssBytes, TimeSpan Elapsed)
{
    public double PeakRssMiB => PeakRssBytes / (1024.0 * 1024.0);
}
