namespace Berth.Transfer.Sync;

/// <summary>A sync config file cannot be read; the message names the file, line and column, and what to write instead.</summary>
public sealed class SyncConfigException : Exception
{
    public SyncConfigException()
    {
    }

    public SyncConfigException(string message)
        : base(message)
    {
    }

    public SyncConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
