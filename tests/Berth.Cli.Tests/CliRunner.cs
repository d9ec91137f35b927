using System.Diagnostics;
using Berth.Cli;
using Berth.Testing;

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
    /// the native binary when published, else the CLI's own build output (the copy beside these tests lacks packages).
    /// </summary>
    public static string Executable => BerthCli.Executable;

    public static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs an executable (berth, or a link to it) as a process, with extra environment variables.</summary>
    public static Task<(int Code, string Stdout, string Stderr)> RunProcessAsync(
        string executable, string? stdin, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunChildAsync(executable, stdin, args, environment);

    public static async Task<(int Code, string Stdout, string Stderr)> RunWithInputAsync(string? stdin, params string[] args)
    {
        if (NativeBinary is { } binary)
        {
            return await RunChildAsync(binary, stdin, args);
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin ?? ""));
        var code = await CliApp.RunAsync(args, stdout, stderr, input);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<(int, string, string)> RunChildAsync(string binary, string? stdin, string[] args,
        IReadOnlyDictionary<string, string>? environment = null)
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

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited (or closed its stdin) before reading what was offered: its exit code and output say why.
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdoutTask, await stderrTask);
    }
}
