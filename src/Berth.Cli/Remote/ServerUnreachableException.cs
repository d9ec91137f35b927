using Berth.Errors;

namespace Berth.Cli.Remote;

/// <summary>The Berth server named by --server / BERTH_SERVER_URL did not answer.</summary>
internal sealed class ServerUnreachableException(string message, Exception inner) : BerthException(message, inner)
{
    public override ErrorCategory Category => ErrorCategory.Unreachable;
}
