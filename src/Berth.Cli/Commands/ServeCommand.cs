using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary><c>berth serve</c>: the server arrives with the server issue; until then say so plainly.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Start the Berth server (REST API and dashboard)");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine(
                "berth serve: the server is not built yet; the CLI commands (ref, tags, inspect, catalog) work now.");
            return ExitCodes.Failed;
        });
        return command;
    }
}
