using Berth.Cli;
using Berth.Cli.CredentialHelper;

// Docker and the kubelet run the helpers for every pull: answer them before System.CommandLine builds the command tree.
// Their request (a server URL, a small JSON document) is read at once, synchronously: an asynchronous read of the
// console moves the rest of the run onto thread-pool threads, whose start-up and spinning cost more than the read.
switch (InvocationName.Helper())
{
    case InvocationName.CredentialHelperProgram:
    {
        // Only these verbs have a request; 'list' and 'version' must not wait for a stdin nobody closes.
        using var stdin = args is ["get" or "store" or "erase", ..] ? new StringReader(Console.In.ReadToEnd()) : new StringReader("");
        return await CredentialHelperProtocol.RunAsync(args, stdin, Console.Out, null, null, CancellationToken.None).ConfigureAwait(false);
    }

    case InvocationName.KubeletProviderProgram:
    {
        using var stdin = new StringReader(Console.In.ReadToEnd());
        return await Berth.Cli.Kubelet.KubeletCredentialProvider.RunAsync(stdin, Console.Out, Console.Error, null, null, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
    }
}

return await CliApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
