using System.Diagnostics;
using Berth.Cli;

namespace Berth.Cli.Tests;

/// <summary>
/// Runs <c>berth</c>: the Native AOT binary named by <c>BERTH_CLI</c> when test.sh published one
/// (so the shipped binary is what is tested), else in-process through the same entry point.
/// </summary>
internal static class CliRunner
{
    public static string? NativeBinary => Environment.GetEnvironmentVariable("BERTH_CLI") is { Length: > 0 } p && File.Exists(p) ? p : null;

    /// <summary>
    /// An executable <c>berth</c> for tests that need a real process (a terminal, a symlinked name):
    /// the native binary when published, else the apphost built next to the tests.
    /// </summary>
    public static string Executable => NativeBinary ?? BuildOutputApphost();

    // The apphost copied next to the tests cannot run: this test project also pulls in ASP.NET Core
    // (through Berth.Testing), which drops package assemblies the CLI needs from this folder. The
    // CLI's own build output, same configuration, is complete.
    private static string BuildOutputApphost()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDir.Parent!.Name;
        var root = baseDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Berth.slnx")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Berth.slnx not found above the tests"),
            "src", "Berth.Cli", "bin", configuration, baseDir.Name, "berth");
        return File.Exists(path) ? path : throw new InvalidOperationException($"berth apphost not built at {path}");
    }

    public static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public static async Task<(int Code, string Stdout, string Stderr)> RunWithInputAsync(string? stdin, params string[] args)
    {
        if (NativeBinary is { } binary)
        {
            return await RunProcessAsync(binary, stdin, args);
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin ?? ""));
        var code = await CliApp.RunAsync(args, stdout, stderr, input);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<(int, string, string)> RunProcessAsync(string binary, string? stdin, string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdoutTask, await stderrTask);
    }
}
