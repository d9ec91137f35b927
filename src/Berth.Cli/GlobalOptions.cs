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

    public static readonly Option<bool> Debug = new("--debug")
    {
        Description = "Log every registry request (method, URL without secrets, status, time) to stderr",
        Recursive = true,
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Data directory (default: $BERTH_HOME, else ~/.berth)",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "Database: SQLite path or PostgreSQL connection string (default: $BERTH_DATABASE, else SQLite in the data directory)",
        Recursive = true,
    };
}

internal enum OutputFormat
{
    Table,
    Json,
}
