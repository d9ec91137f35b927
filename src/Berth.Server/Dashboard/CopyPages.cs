using Berth.Connections.Paging;
using Berth.Server.Copies;
using Berth.Server.Dashboard.Pages;

namespace Berth.Server.Dashboard;

/// <summary>Copy jobs of the organization on this server: status and progress (the page reloads itself while one runs).</summary>
internal static class CopyPages
{
    public static void MapCopyPages(this RouteGroupBuilder signedIn) =>
        signedIn.MapGet("/copies", async (HttpContext http, SignedInCaller caller, CopyJobs jobs, string? cursor, CancellationToken ct) =>
        {
            // A cursor that does not read (edited by hand, or from another list) starts again at the first page.
            var request = PageRequest.TryParse(null, cursor, PageLists.Copies, out var parsed, out _, out _) ? parsed : PageRequest.First();
            var page = await jobs.ListPageAsync(caller.Value, request, ct);
            return DashboardResults.Page<CopiesPage, CopiesView>(new CopiesView(
                caller.Value,
                page.Items,
                page.Next is { } next ? Api.PageLinks.Url(http, next) : null,
                page.Previous is { } previous ? Api.PageLinks.Url(http, previous) : null,
                http.Request.PathBase + http.Request.Path + http.Request.QueryString));
        });
}
