using Berth.Server.Copies;
using Berth.Server.Dashboard.Pages;

namespace Berth.Server.Dashboard;

/// <summary>Copy jobs of the organization on this server: status and progress (the page reloads itself while one runs).</summary>
internal static class CopyPages
{
    public static void MapCopyPages(this RouteGroupBuilder signedIn) =>
        signedIn.MapGet("/copies", async (SignedInCaller caller, CopyJobs jobs, CancellationToken ct) =>
            DashboardResults.Page<CopiesPage, CopiesView>(new CopiesView(caller.Value, await jobs.ListAsync(caller.Value, ct))));
}
