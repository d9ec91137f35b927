using Berth.Errors;

namespace Berth.Transfer.Sync;

/// <summary>A sync config file cannot be read; the message names the file, line and column, and what to write instead. A usage error.</summary>
public sealed class SyncConfigException : BerthException
{
    public SyncConfigException(string message)
        : base(message)
    {
    }

    public SyncConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override ErrorCategory Category => ErrorCategory.Usage;
}
