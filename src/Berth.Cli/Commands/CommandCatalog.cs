using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>Every top-level command, in help order.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return ServeCommand.Create();
        yield return AdminCommand.Create();
    }
}
