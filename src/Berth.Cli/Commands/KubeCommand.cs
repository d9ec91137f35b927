using System.CommandLine;
using Berth.Cli.Output;
using Berth.Cli.Store;
using Berth.Connections.PullSecrets;
using Berth.Connections.UseCases;
using Berth.Cli.Kube;
using Berth.Transport;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth kube apply-pull-secret --kubeconfig FILE --namespace NS[,NS...] --name SECRET [CONNECTION...]</c>: writes
/// a <c>kubernetes.io/dockerconfigjson</c> Secret with fresh credentials of saved connections (all of them when none
/// are named) into each namespace of the kubeconfig's current context, for cron and CI, and prints what it wrote.
/// The cluster is reached over plain HTTP (<see cref="KubernetesHttpApi"/> says why not KubernetesClient.Aot), with the
/// same create-or-replace rules as the server's targets.
/// </summary>
internal static class KubeCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "The kubeconfig whose current context names the cluster (default: $KUBECONFIG, else ~/.kube/config)" };
        var context = new Option<string?>("--context") { Description = "Use this kubeconfig context instead of the current one" };
        var namespaces = new Option<string[]>("--namespace", "-n") { Description = "Namespaces to write into (comma-separated or repeated)", Required = true, AllowMultipleArgumentsPerToken = false };
        var name = new Option<string>("--name") { Description = "The Secret's name", Required = true };
        var patch = new Option<bool>("--patch-default-service-account") { Description = "Also add the Secret to each namespace's default ServiceAccount imagePullSecrets (keeping the entries there)" };
        var connections = new Argument<string[]>("CONNECTION") { Description = "Connections to carry (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var apply = new Command("apply-pull-secret", "Write a docker-registry pull Secret with fresh credentials into namespaces of a cluster, once")
        {
            kubeconfig, context, namespaces, name, patch, connections,
        };
        CommandRunner.SetAction(apply, async (ctx, ct) =>
        {
            var config = Load(ctx.Get(kubeconfig), ctx.Get(context));
            var chosen = (ctx.Get(namespaces) ?? []).SelectMany(n => n.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (!StoreAccess.Exists(ctx))
            {
                throw UnknownConnectionException.NoneSaved();
            }

            await using var core = await CliCore.OpenAsync(ctx, dependents: false, ct).ConfigureAwait(false);
            using var api = KubernetesHttpApi.Open(config, AddressPolicy.Default);
            var applied = await new PullSecretOneShot(core.Connections)
                .ApplyAsync(core.Actor, api, chosen, ctx.Get(name)!, ctx.Get(connections) ?? [], ctx.Get(patch), ct).ConfigureAwait(false);
            await PullSecretOutput.WriteApplyAsync(ctx, config.Server.GetLeftPart(UriPartial.Authority), applied).ConfigureAwait(false);
            return applied.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });

        return new Command("kube", "Kubernetes: write image pull Secrets from saved connections, once or kept fresh by saved targets") { apply, KubeTargetCommand.Create() };
    }

    internal static KubeConfigContext Load(string? path, string? context) =>
        KubeConfigReader.Read(
            path ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config"),
            context);
}
