using System.CommandLine;
using Berth.Cli.Output;
using Berth.Cli.Store;
using Berth.Connections.PullSecrets;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth kube target add|list|show|update|remove|apply</c>: saved pull-secret targets, the same ones the API
/// (<c>/api/v1/pull-secret-targets</c>) and the dashboard manage, over the same store. Each subcommand is one call of
/// <see cref="Connections.UseCases.PullSecretUseCases"/>; <c>apply</c> writes through the CLI's own Kubernetes client
/// and records per namespace what happened, as the server's refresher does.
/// </summary>
internal static class KubeTargetCommand
{
    public static Command Create() =>
        new("target", "Pull-secret targets: Secrets kept fresh in namespaces of a cluster (also managed by the API and dashboard)")
        {
            Add(), List(), Show(), Update(), Remove(), Apply(),
        };

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "The target's name" };
        var options = new KubeTargetOptions(update: false);
        var command = new Command("add", "Save a target: cluster (server, CA, service-account token), namespaces or a selector, Secret name, connections") { name };
        options.AddTo(command);
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, async (targets, core) =>
        {
            var input = await options.ReadAsync(ctx, ctx.Get(name), ct).ConfigureAwait(false);
            var saved = await targets.ViewAsync(await targets.CreateAsync(core.Actor, input, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                PullSecretOutput.WriteTarget(ctx, saved);
            }
            else
            {
                var where = saved.NamespaceSelector is { } selector ? $"namespaces matching '{selector}'" : string.Join(", ", saved.Namespaces);
                await ctx.Out.WriteLineAsync($"added pull-secret target '{saved.Name}': Secret {saved.SecretName} in {where} on {saved.Server}, carrying {string.Join(", ", saved.Connections)}").ConfigureAwait(false);
                await ctx.Out.WriteLineAsync($"it is due now: 'berth kube target apply {saved.Name}' writes it (a running 'berth serve' on this store does too, and keeps it fresh)").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List targets with their last write, next refresh and failing namespaces");
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, async (targets, core) =>
        {
            PullSecretOutput.WriteList(ctx, await targets.ListViewsAsync(core.Actor, ct).ConfigureAwait(false));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("NAME");
        var command = new Command("show", "Show one target: cluster, namespaces, connections, next refresh, and per namespace the last write and last error") { name };
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, async (targets, core) =>
        {
            PullSecretOutput.WriteTarget(ctx, await targets.ViewAsync(await targets.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false), ct).ConfigureAwait(false));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Update()
    {
        var name = new Argument<string>("NAME") { Description = "The target to change" };
        var options = new KubeTargetOptions(update: true);
        var command = new Command("update", "Change a target; what is not given keeps its saved value (the token only changes with --token-stdin or --from-kubeconfig)") { name };
        options.AddTo(command);
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, async (targets, core) =>
        {
            var input = await options.ReadAsync(ctx, null, ct).ConfigureAwait(false);
            var saved = await targets.ViewAsync(await targets.UpdateAsync(core.Actor, ctx.Get(name)!, input, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                PullSecretOutput.WriteTarget(ctx, saved);
            }
            else
            {
                await ctx.Out.WriteLineAsync($"updated pull-secret target '{saved.Name}'{(input.Token is null ? "" : " (token replaced)")}; it is due now: 'berth kube target apply {saved.Name}' writes it").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", "Forget a target (the Secrets it wrote stay on the cluster)") { name };
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, async (targets, core) =>
        {
            var removed = await targets.RemoveAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false);
            var view = await targets.ViewAsync(removed, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                PullSecretOutput.WriteTarget(ctx, view);
            }
            else
            {
                await ctx.Out.WriteLineAsync($"removed pull-secret target '{removed.Name}'; the Secrets it wrote stay on {removed.Server} (delete them there with 'kubectl delete secret {removed.SecretName} -n NAMESPACE')").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Apply()
    {
        var name = new Argument<string>("NAME");
        var command = new Command("apply", "Write the target's Secret now into every namespace (create or replace); exits 1 when a namespace failed") { name };
        CommandRunner.SetAction(command, (ctx, ct) => RunAsync(ctx, async (targets, core) =>
        {
            var target = await targets.GetAsync(core.Actor, ctx.Get(name)!, ct).ConfigureAwait(false);
            var applied = await targets.ApplyAsync(core.Actor, target.Name, ct).ConfigureAwait(false);
            await PullSecretOutput.WriteApplyAsync(ctx, target.Server.GetLeftPart(UriPartial.Authority), applied).ConfigureAwait(false);
            return applied.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));
        return command;
    }

    /// <summary>
    /// Opens the store with its dependents (targets live beside the connections they carry) and runs the body; a
    /// validation error prints one line per field, named by the flag that sets it.
    /// </summary>
    private static async Task<int> RunAsync(CommandContext ctx, Func<Connections.UseCases.PullSecretUseCases, CliCore, Task<int>> body, CancellationToken ct)
    {
        await using var core = await CliCore.OpenAsync(ctx, dependents: true, ct).ConfigureAwait(false);
        try
        {
            return await body(core.PullSecretTargets, core).ConfigureAwait(false);
        }
        catch (PullSecretTargetValidationException e)
        {
            foreach (var error in e.Errors)
            {
                await ctx.Error.WriteLineAsync($"berth: {KubeTargetOptions.FlagFor(error.Field)}: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.For(e.Category);
        }
    }
}
