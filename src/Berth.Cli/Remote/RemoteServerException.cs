using Berth.Errors;

namespace Berth.Cli.Remote;

/// <summary>The Berth server asked in remote mode could not be reached, or refused; the message names the server and the fix.</summary>
internal sealed class RemoteServerException(ErrorCategory category, string message, Exception? inner = null) : BerthException(message, inner)
{
    public override ErrorCategory Category => category;
}
