using Berth.Errors;

namespace Berth.Cli;

/// <summary>The user asked for something malformed or contradictory; exit code 2.</summary>
internal sealed class UsageException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Usage;
}
