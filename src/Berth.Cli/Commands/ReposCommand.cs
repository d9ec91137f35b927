using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections.Providers;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth repos NAME</c>: a connection's repositories — its listed ones, the Docker Hub API for
/// dockerhub, else the registry's catalog (filtered by namespace and regex).
/// </summary>
internal static class ReposCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Connection name" };
        var command = new Command("repos", "List the repositories a saved connection can see") { name, RegistryAccessOptions.ConnectionTimeout };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            var connection = RegistryAccess.ApplyTimeout(ctx, await core.Connections.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false));
            var repositories = (await core.Connections.ListRepositoriesAsync(connection, cached: false, ct).ConfigureAwait(false)).Items;
            if (!ctx.Json)
            {
                foreach (var repository in repositories)
                {
                    await ctx.Out.WriteLineAsync(repository).ConfigureAwait(false);
                }
            }

            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new RepositoriesResult(connection.Name, repositories), ConnectionJsonContext.Default.RepositoriesResult);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
