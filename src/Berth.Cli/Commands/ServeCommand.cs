using System.Collections;
using System.CommandLine;
using System.Diagnostics;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth serve</c>: starts the server. The server is ASP.NET Core on the JIT, a separate program
/// (<c>berth-server</c>), because the CLI is a Native AOT binary; this command finds it and runs it in the
/// foreground with the same data directory and database. See README "Running the server".
/// </summary>
internal static class ServeCommand
{
    /// <summary>Overrides where the server program is looked for: the berth-server executable or Berth.Server.dll.</summary>
    public const string ServerEnvironmentVariable = "BERTH_SERVER";

    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8080)" };
        var command = new Command("serve", "Start the Berth server: REST API, OpenAPI reference and dashboard") { urls };
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, ctx.Get(urls), ct));
        return command;
    }

    private static Task<int> RunAsync(CommandContext ctx, string? urls, CancellationToken ct)
    {
        var server = Locate() ?? throw new InvalidOperationException(
            "the server program (berth-server) was not found next to berth or in its server/ folder; "
            + "run './berth serve' from a Berth checkout (it builds the server), or set BERTH_SERVER to the berth-server executable or Berth.Server.dll");
        var arguments = new List<string>(server.Arguments);
        if (!string.IsNullOrWhiteSpace(urls))
        {
            arguments.Add("--urls");
            arguments.Add(urls);
        }

        // Through the environment, not argv: a PostgreSQL connection string may hold a password, and argv is public.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment[(string)variable.Key] = (string?)variable.Value ?? "";
        }

        if (ctx.Get(GlobalOptions.DataDir) is { Length: > 0 } dataDir)
        {
            environment[Berth.Connections.DataDirectory.EnvironmentVariable] = Path.GetFullPath(dataDir);
        }

        if (ctx.Get(GlobalOptions.Database) is { Length: > 0 } database)
        {
            environment["BERTH_DATABASE"] = database;
        }

        if (OperatingSystem.IsWindows())
        {
            return RunChildAsync(server.Path, arguments, environment, ct);
        }

        // On Linux (and other POSIX systems) berth becomes the server: exec replaces this program with berth-server
        // in the same process. One process, so whatever is sent to 'berth serve' (kill -TERM or -INT to its pid,
        // Ctrl+C to the terminal's process group, a service manager's stop, even SIGKILL) is received by the server
        // itself, which shuts down as ASP.NET Core does on SIGTERM/SIGINT; and there is no second process that
        // could be orphaned, so the server cannot outlive berth. A child process would need the CLI to forward
        // every signal and the server to watch for its parent's death (prctl(PR_SET_PDEATHSIG) fires when the
        // *thread* that forked exits, a .NET thread-pool thread that may be retired at any time; polling getppid
        // leaves a window): more parts, each with a race. The exit code is the server's.
        ProcessImage.Replace(server.Path, server.Path, arguments, environment);
        return Task.FromResult(ExitCodes.Failed); // not reached: Replace returns only by throwing
    }

    /// <summary>Windows has no exec: the server runs as a child; Ctrl+C reaches it too (same console), then it gets 15 s.</summary>
    private static async Task<int> RunChildAsync(string path, List<string> arguments, Dictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(path) { UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var server = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        try
        {
            await server.WaitForExitAsync(ct).ConfigureAwait(false);
            return server.ExitCode == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            if (!server.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                server.Kill();
            }

            return ExitCodes.Ok;
        }
    }

    /// <summary>The program to run: the executable itself, or <c>dotnet</c> with Berth.Server.dll as its first argument.</summary>
    private sealed record ServerProgram(string Path, IReadOnlyList<string> Arguments);

    private static ServerProgram? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(ServerEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? For(Path.GetFullPath(configured)) : null;
        }

        var own = Path.GetDirectoryName(Environment.ProcessPath) ?? AppContext.BaseDirectory;
        foreach (var dir in new[] { own, Path.Combine(own, "server") })
        {
            foreach (var name in new[] { "berth-server", "berth-server.exe", "Berth.Server.dll" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return For(path);
                }
            }
        }

        return null;
    }

    private static ServerProgram For(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new ServerProgram(Dotnet(), [path]) : new ServerProgram(path, []);

    /// <summary>The dotnet host, by full path (exec does not search PATH).</summary>
    private static string Dotnet()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?> { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)));
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            candidates.Add(Path.Combine(root, name));
        }

        return candidates.FirstOrDefault(File.Exists) is { } found
            ? Path.GetFullPath(found)
            : throw new InvalidOperationException($"'{name}' was not found on PATH; it runs Berth.Server.dll (or set BERTH_SERVER to the berth-server executable)");
    }
}
