using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Registry;
using Berth.References;

namespace Berth.Cli.Commands;

/// <summary><c>berth catalog HOST</c>: every repository the registry's <c>_catalog</c> lists.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("HOST") { Description = "Registry host[:port], e.g. 127.0.0.1:5000" };
        var command = new Command("catalog", "List every repository in a registry (its _catalog)") { host };
        RegistryAccessOptions.AddTo(command);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var raw = ctx.Get(host)!;
            if (!RegistryHost.TryParse(raw, out var registry))
            {
                throw new UsageException($"invalid registry host '{raw}': expected host[:port], e.g. registry.example.com or 127.0.0.1:5000");
            }

            var access = await RegistryAccess.ForHostAsync(ctx, registry, ct).ConfigureAwait(false);
            await using var accessScope = access.ConfigureAwait(false);
            var client = access[0].Client;
            var repositories = new List<string>();
            await foreach (var repository in client.ListRepositoriesAsync(ct).ConfigureAwait(false))
            {
                if (!ctx.Json)
                {
                    await ctx.Out.WriteLineAsync(repository).ConfigureAwait(false);
                }

                repositories.Add(repository);
            }

            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, new CatalogResult(registry.Name, repositories), RegistryJsonContext.Default.CatalogResult);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
