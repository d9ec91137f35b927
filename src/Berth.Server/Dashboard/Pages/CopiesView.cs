using Berth.Server.Auth;
using Berth.Server.Copies;

namespace Berth.Server.Dashboard.Pages;

/// <summary>One page of copy jobs, newest first, with the links of the pages around it (null: none) and its own (the page a running copy reloads).</summary>
public sealed record CopiesView(Caller Caller, IReadOnlyList<CopyJobView> Jobs, string? NextUrl = null, string? PreviousUrl = null, string Self = "/copies")
{
    /// <summary>Queued or running jobs: the page follows them by reloading itself.</summary>
    public bool AnyRunning => Jobs.Any(j => j.Status is CopyJobStatus.Queued or CopyJobStatus.Running);
}
