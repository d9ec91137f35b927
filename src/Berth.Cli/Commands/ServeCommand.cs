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

    private static async Task<int> RunAsync(CommandContext ctx, string? urls, CancellationToken ct)
    {
        var start = Locate() ?? throw new InvalidOperationException(
            "the server program (berth-server) was not found next to berth or in its server/ folder; "
            + "run './berth serve' from a Berth checkout (it builds the server), or set BERTH_SERVER to the berth-server executable or Berth.Server.dll");
        if (!string.IsNullOrWhiteSpace(urls))
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(urls);
        }

        // Through the environment, not argv: a PostgreSQL connection string may hold a password, and argv is public.
        if (ctx.Get(GlobalOptions.DataDir) is { Length: > 0 } dataDir)
        {
            start.Environment[Berth.Connections.DataDirectory.EnvironmentVariable] = Path.GetFullPath(dataDir);
        }

        if (ctx.Get(GlobalOptions.Database) is { Length: > 0 } database)
        {
            start.Environment["BERTH_DATABASE"] = database;
        }

        start.UseShellExecute = false;
        using var server = Process.Start(start) ?? throw new InvalidOperationException($"berth serve: could not start {start.FileName}");
        try
        {
            await server.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reaches the server too (same process group); a SIGTERM sent to berth alone is passed on.
            // Either way the server gets time to shut down cleanly before it is killed.
            if (!server.WaitForExit(TimeSpan.FromSeconds(1)) && !OperatingSystem.IsWindows())
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                term?.WaitForExit(5000);
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await server.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                server.Kill();
            }

            return ExitCodes.Ok;
        }

        return server.ExitCode == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static ProcessStartInfo? Locate()
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

    private static ProcessStartInfo For(string path)
    {
        if (!path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new ProcessStartInfo(path);
        }

        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(path);
        return start;
    }
}
