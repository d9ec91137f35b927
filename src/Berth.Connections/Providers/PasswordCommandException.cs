using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// A password command could not produce a password: it would not start, exited non-zero (<see cref="ExitCode"/>,
/// with the first line of its standard error in the message), timed out, or printed nothing.
/// </summary>
public sealed class PasswordCommandException(string command, string message, int? exitCode = null, bool timedOut = false, Exception? inner = null)
    : BerthException(message, inner)
{
    public override ErrorCategory Category => ErrorCategory.Failed;

    /// <summary>The program name (argv[0]); arguments are left out in case one carries a secret.</summary>
    public string Command { get; } = command;

    public int? ExitCode { get; } = exitCode;

    public bool TimedOut { get; } = timedOut;
}
