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
            // Printed as the pages arrive, never collected: a listing is bounded by the client's page and entry limits,
            // not by memory.
            if (ctx.Json)
            {
                await CliJson.WriteListAsync(ctx.Out, "registry", registry.Name, "repositories", client.ListRepositoriesAsync(ct), ct).ConfigureAwait(false);
            }
            else
            {
                await foreach (var repository in client.ListRepositoriesAsync(ct).ConfigureAwait(false))
                {
                    await ctx.Out.WriteLineAsync(repository).ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
