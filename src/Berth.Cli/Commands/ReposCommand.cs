using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Registry;
using Berth.Cli.Store;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth repos NAME [--repositories a,b]</c>: a connection's repositories — its listed ones, the provider's API
/// (Docker Hub, Artifact Registry, ECR, Harbor), else the registry's catalog (filtered by namespace and regex).
/// Never silent: when nothing can be listed it says why and exits non-zero; <c>--repositories</c> names them on
/// the connection for registries that cannot list.
/// </summary>
internal static class ReposCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Connection name" };
        var repositories = new Option<string?>("--repositories")
        {
            Description = "Comma-separated repositories to save on the connection (for registries that cannot list them), then list",
        };
        var command = new Command("repos", "List the repositories a saved connection can see") { name, repositories, RegistryAccessOptions.ConnectionTimeout };
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            var connection = RegistryAccess.ApplyTimeout(ctx, await core.Connections.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false));
            if (ctx.Get(repositories) is { } named)
            {
                var list = named.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var change = await core.Connections.UpdateAsync(core.Actor, connection.Name, new ConnectionInput { Repositories = list }, verify: false, ct).ConfigureAwait(false);
                connection = RegistryAccess.ApplyTimeout(ctx, change.Saved ?? connection);
            }

            var found = (await core.Connections.ListRepositoriesAsync(connection, cached: false, ct).ConfigureAwait(false)).Items;
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new RepositoriesResult(connection.Name, found), ConnectionJsonContext.Default.RepositoriesResult);
            }
            else
            {
                foreach (var repository in found)
                {
                    await ctx.Out.WriteLineAsync(repository).ConfigureAwait(false);
                }
            }

            if (found.Count > 0)
            {
                return ExitCodes.Ok;
            }

            var source = await core.Connections.RepositorySourceAsync(connection, ct).ConfigureAwait(false);
            if (source == RepositorySource.Catalog)
            {
                // An empty catalog cannot be told from one that hides what it holds (GAR answers empty).
                await ctx.Error.WriteLineAsync(
                    $"error: the catalog of connection '{connection.Name}' lists no repositories under its URL; if the registry holds some, its catalog does not show them: name them with berth repos {connection.Name} --repositories team/app,team/tool").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            await ctx.Error.WriteLineAsync($"connection '{connection.Name}' has no repositories ({(source == RepositorySource.ProviderApi ? "the provider's API lists none" : "none match its filter")})").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
