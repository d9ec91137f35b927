using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Remote;
using Berth.Cli.Store;

namespace Berth.Cli.Commands;

/// <summary><c>berth logout</c>: removes the saved login (server URL and token); the local store answers again.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var command = new Command("logout", "Forget the Berth server and token saved by 'berth login'");
        CommandRunner.SetAction(command, async (ctx, _) =>
        {
            var file = RemoteLogin.PathIn(StoreAccess.DataDirectoryOf(ctx));
            var removed = File.Exists(file);
            if (removed)
            {
                File.Delete(file);
            }

            var environment = Environment.GetEnvironmentVariable(RemoteLogin.ServerVariable) is { Length: > 0 };
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new LogoutResult(file, removed, environment), RemoteJsonContext.Default.LogoutResult);
                return ExitCodes.Ok;
            }

            await ctx.Out.WriteLineAsync(removed ? $"logged out: removed {file}" : $"not logged in ({file} does not exist)").ConfigureAwait(false);
            if (environment)
            {
                await ctx.Error.WriteLineAsync($"note: {RemoteLogin.ServerVariable} and {RemoteLogin.TokenVariable} are set in this environment, so remote mode stays on until they are unset").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
