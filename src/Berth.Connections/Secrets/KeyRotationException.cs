using Berth.Errors;

namespace Berth.Connections.Secrets;

/// <summary>A master key rotation cannot start or could not finish; the message says what state things are in.</summary>
public sealed class KeyRotationException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Failed;
}
