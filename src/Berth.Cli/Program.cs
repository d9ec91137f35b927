using Berth.Cli;
using Berth.Cli.CredentialHelper;

// Docker runs the helper for every pull and push: answer it before System.CommandLine builds the command tree.
if (InvocationName.IsCredentialHelper())
{
    using var stdin = new StreamReader(Console.OpenStandardInput());
    return await CredentialHelperProtocol.RunAsync(args, stdin, Console.Out, null, null, CancellationToken.None).ConfigureAwait(false);
}

return await CliApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
