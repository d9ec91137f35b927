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
        var command = new Command("repos", "List the repositories a saved connection can see") { name };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var store = await StoreAccess.OpenAsync(ctx, ct).ConfigureAwait(false);
            var connection = await StoreAccess.GetConnectionAsync(store, ctx.Get(name)!, ct).ConfigureAwait(false);
            var lister = new RepositoryLister(ProviderContexts.Cli, store);
            var repositories = new List<string>();
            await foreach (var repository in lister.ListAsync(connection, ct).ConfigureAwait(false))
            {
                if (!ctx.Json)
                {
                    await ctx.Out.WriteLineAsync(repository).ConfigureAwait(false);
                }

                repositories.Add(repository);
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
