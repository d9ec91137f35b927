using Berth.Errors;

namespace Berth.Connections.Secrets;

/// <summary>The master key cannot be loaded or stored (bad BERTH_MASTER_KEY, unsafe or unreadable key file).</summary>
public sealed class MasterKeyException : BerthException
{
    public MasterKeyException(string message)
        : base(message)
    {
    }

    public MasterKeyException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public override ErrorCategory Category => ErrorCategory.Failed;
}
