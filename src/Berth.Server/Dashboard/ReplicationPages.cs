using Berth.Connections.Paging;
using Berth.Connections.Replication;
using Berth.Connections.UseCases;
using Berth.Server.Dashboard.Pages;
using Microsoft.AspNetCore.Mvc;

namespace Berth.Server.Dashboard;

/// <summary><c>/replications</c>: the organization's replication policies with their run history, and "run now".</summary>
internal static class ReplicationPages
{
    private const int RunsShown = 10;

    public static void MapReplicationPages(this RouteGroupBuilder signedIn)
    {
        signedIn.MapGet("/replications", ListAsync);
        signedIn.MapPost("/replications/{name}/run", RunAsync);
    }

    private static async Task<IResult> ListAsync(string? notice, string? cursor, HttpContext http, SignedInCaller caller, ReplicationUseCases replications, CancellationToken ct)
    {
        var actor = caller.Value.ToActor();
        // A cursor that does not read (edited by hand, or from another list) starts again at the first page.
        var request = PageRequest.TryParse(null, cursor, PageLists.Replications, out var parsed, out _, out _) ? parsed : PageRequest.First();
        var page = await replications.ListPageAsync(actor, request, ct);
        var policies = new List<ReplicationRow>();
        foreach (var policy in page.Items)
        {
            policies.Add(new ReplicationRow(policy, (await replications.ListRunsPageAsync(actor, policy.Name, PageRequest.First(RunsShown), ct)).Items));
        }

        return DashboardResults.Page<ReplicationsPage, ReplicationsView>(new ReplicationsView(
            caller.Value,
            policies,
            notice,
            page.Next is { } next ? Api.PageLinks.Url(http, next) : null,
            page.Previous is { } previous ? Api.PageLinks.Url(http, previous) : null));
    }

    private static async Task<IResult> RunAsync(string name, [FromForm] string? returnTo, SignedInCaller caller, ReplicationUseCases replications, CancellationToken ct)
    {
        try
        {
            var run = await replications.RunAsync(caller.Value.ToActor(), name, ct);
            return Results.Redirect($"/replications?notice={Format.Url($"Run {run.Id:D} of {name} queued.")}");
        }
        catch (UnknownReplicationException e)
        {
            return Results.Redirect($"/replications?notice={Format.Url(e.Message)}");
        }
    }
}
