using Berth.Cli;
using Berth.Cli.CredentialHelper;

// Docker and the kubelet run the helpers for every pull: answer them before System.CommandLine builds the command tree.
switch (InvocationName.Helper())
{
    case InvocationName.CredentialHelperProgram:
    {
        using var stdin = new StreamReader(Console.OpenStandardInput());
        return await CredentialHelperProtocol.RunAsync(args, stdin, Console.Out, null, null, CancellationToken.None).ConfigureAwait(false);
    }

    case InvocationName.KubeletProviderProgram:
    {
        using var stdin = new StreamReader(Console.OpenStandardInput());
        return await Berth.Cli.Kubelet.KubeletCredentialProvider.RunAsync(stdin, Console.Out, Console.Error, null, null, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
    }
}

return await CliApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
