using Berth.Errors;

namespace Berth.Cli;

/// <summary>Process exit codes shared by every command, and the one mapping from an error's category to its exit code.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>Bad input exits 2; every other failure (not found, denied, unreachable, conflict …) exits 1.</summary>
    public static int For(ErrorCategory category) => category == ErrorCategory.Usage ? Usage : Failed;

    /// <summary>A Berth error exits by its category; anything else that a command reports (I/O, the database) is a failure.</summary>
    public static int For(Exception error) => error is BerthException berth ? For(berth.Category) : Failed;
}
