using System.CommandLine;
using Berth.Cli.Json;
using Berth.Cli.Kubelet;
using Berth.Cli.Remote;
using Berth.Cli.Store;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth kubelet-credential-provider</c>: the kubelet's exec credential provider (also what
/// <c>berth-credential-provider</c> answers), and <c>config</c>, which prints the kubelet's CredentialProviderConfig.
/// </summary>
internal static class KubeletCredentialProviderCommand
{
    public static Command Create()
    {
        var command = new Command("kubelet-credential-provider",
            "Kubelet credential provider: read a CredentialProviderRequest on stdin, write a CredentialProviderResponse (credentialprovider.kubelet.k8s.io/v1)");
        command.SetAction((parse, ct) => KubeletCredentialProvider.RunAsync(
            new StreamReader(StandardInput.Open()), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(GlobalOptions.DataDir), parse.GetValue(GlobalOptions.Database), TimeProvider.System, ct));

        var config = new Command("config", "Print the kubelet CredentialProviderConfig (kubelet.config.k8s.io/v1) whose matchImages cover the saved connections");
        CommandRunner.SetAction(config, async (ctx, ct) =>
        {
            var dataDirectory = StoreAccess.DataDirectoryOf(ctx);
            IReadOnlyList<string> served;
            await using (var backend = CredentialBackend.Open(dataDirectory, StoreAccess.DatabaseOf(ctx), "kubelet-credential-provider"))
            {
                served = await backend.ServedAsync(ct).ConfigureAwait(false);
            }

            var built = KubeletConfigWriter.Build(served, dataDirectory);
            if (ctx.Json)
            {
                CliJson.Write(ctx.Out, built, KubeletJsonContext.Default.CredentialProviderConfig);
            }
            else
            {
                await ctx.Out.WriteAsync(KubeletConfigWriter.Yaml(built)).ConfigureAwait(false);
            }

            if (served.Count == 0)
            {
                await ctx.Error.WriteLineAsync("note: no connections are saved, so matchImages is empty; the kubelet needs at least one entry").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        command.Subcommands.Add(config);
        return command;
    }
}
