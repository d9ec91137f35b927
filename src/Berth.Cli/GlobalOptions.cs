using System.CommandLine;

namespace Berth.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<OutputFormat> Output = new("--output")
    {
        Description = "Output format: table (default) or json",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Data directory (default: $BERTH_HOME, else ~/.berth)",
        Recursive = true,
    };
}

internal enum OutputFormat
{
    Table,
    Json,
}
