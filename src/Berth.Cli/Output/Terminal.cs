using Spectre.Console;

namespace Berth.Cli.Output;

/// <summary>Spectre consoles bound to the command's own writers, so tests can capture them.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>A two-column key/value table, the table form of most single-object results.</summary>
    public static Table KeyValues(IEnumerable<(string Key, string? Value)> rows)
    {
        var table = new Table().Border(TableBorder.None).HideHeaders();
        table.AddColumn(new TableColumn("key").PadRight(2));
        table.AddColumn("value");
        foreach (var (key, value) in rows)
        {
            table.AddRow(new Text(key), new Text(value ?? "-"));
        }

        return table;
    }
}
