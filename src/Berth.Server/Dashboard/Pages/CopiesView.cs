using Berth.Server.Auth;
using Berth.Server.Copies;

namespace Berth.Server.Dashboard.Pages;

public sealed record CopiesView(Caller Caller, IReadOnlyList<CopyJobView> Jobs)
{
    /// <summary>Queued or running jobs: the page follows them by reloading itself.</summary>
    public bool AnyRunning => Jobs.Any(j => j.Status is CopyJobStatus.Queued or CopyJobStatus.Running);
}
