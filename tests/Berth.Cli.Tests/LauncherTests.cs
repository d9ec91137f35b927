using Berth.Testing;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Cli.Tests;

/// <summary>
/// <c>./berth</c>, the launcher at the root of the checkout, runs the Native AOT CLI. When its artifacts are current
/// (test.sh publishes through the launcher first) this costs one <c>--version</c>; otherwise the launcher publishes
/// here, which takes a minute or more. Runs after the parallel tests: a republish rewrites artifacts/launcher, which
/// test.sh also hands the other tests as BERTH_CLI.
/// </summary>
[Collection(LauncherArtifacts.Name)]
public sealed class LauncherTests
{
    [Fact]
    public async Task The_launcher_runs_a_native_AOT_berth_and_keeps_build_output_off_stdout()
    {
        var (code, stdout, stderr) = await RunLauncherAsync("--version");

        Assert.True(code == 0, $"./berth --version exited with {code}:\n{stderr}");
        Assert.Matches(new Regex(@"\A\d+\.\d+\.\d+\S*\n\z"), stdout);
        Assert.DoesNotContain("JIT build", stderr, StringComparison.Ordinal);

        var launcher = Path.Combine(RepositoryLayout.Root, "artifacts", "launcher");
        var berth = Path.Combine(launcher, "berth");
        var image = await File.ReadAllBytesAsync(berth);
        Assert.True(image.AsSpan().StartsWith("\u007fELF"u8), $"{berth} is not an ELF executable");
        // A JIT apphost is a small ELF that loads libhostfxr, then libcoreclr and berth.dll; a Native AOT image
        // carries the runtime and the code itself, so none of them is named in it or lies beside it.
        Assert.True(image.AsSpan().IndexOf("libhostfxr"u8) < 0, $"{berth} is a JIT apphost (it names libhostfxr)");
        foreach (var jitFile in new[] { "berth.dll", "Berth.Cli.dll", "berth.runtimeconfig.json", "libcoreclr.so", "libhostfxr.so" })
        {
            Assert.False(File.Exists(Path.Combine(launcher, jitFile)), $"{jitFile} lies beside the launcher's berth: not a Native AOT publish");
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunLauncherAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryLayout.Root, "berth"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15)); // a first publish on a busy machine
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Tests that may rewrite artifacts/launcher run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LauncherArtifacts
{
    public const string Name = "launcher";
}
