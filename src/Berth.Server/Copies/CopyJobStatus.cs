namespace Berth.Server.Copies;

public enum CopyJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
