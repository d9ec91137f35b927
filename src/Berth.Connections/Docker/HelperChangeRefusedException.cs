using Berth.Errors;

namespace Berth.Connections.Docker;

/// <summary>
/// The credential helper's <c>store</c> or <c>erase</c> would change saved connections, and Berth does not let it:
/// changes from <c>docker login</c>/<c>docker logout</c> are off unless enabled, and connections Berth verified or
/// derives credentials for are never changed this way. The message names the connection, the switch and the
/// command that makes the change instead.
/// </summary>
public sealed class HelperChangeRefusedException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Denied;
}
