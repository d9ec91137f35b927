using Berth.Errors;

namespace Berth.Cli;

/// <summary>A command was attempted and did not succeed, for a reason only the command knows how to put; exit code 1.</summary>
internal sealed class FailedException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Failed;
}
