using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Registry;
using Berth.References;

namespace Berth.Cli.Commands;

/// <summary><c>berth tags IMAGE</c>: every tag of a repository, across all pages.</summary>
internal static class TagsCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Repository, e.g. ghcr.io/org/app or 127.0.0.1:5000/team/app" };
        var command = new Command("tags", "List every tag of a repository") { image };
        RegistryAccessOptions.AddTo(command);
        CommandRunner.SetAction(command, async (ctx, ct) =>
        {
            var reference = ImageReference.Parse(ctx.Get(image)!);
            var access = await RegistryAccess.ForImageAsync(ctx, reference, ct).ConfigureAwait(false);
            await using var accessScope = access.ConfigureAwait(false);
            var client = access[0].Client;
            // Printed as the pages arrive, never collected: a listing is bounded by the client's page and entry limits,
            // not by memory.
            if (ctx.Json)
            {
                await CliJson.WriteListAsync(ctx.Out, "name", reference.Name, "tags", client.ListTagsAsync(reference.Repository, ct), ct).ConfigureAwait(false);
            }
            else
            {
                await foreach (var tag in client.ListTagsAsync(reference.Repository, ct).ConfigureAwait(false))
                {
                    await ctx.Out.WriteLineAsync(tag).ConfigureAwait(false);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
