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

    private static async Task<IResult> ListAsync(string? notice, SignedInCaller caller, ReplicationUseCases replications, CancellationToken ct)
    {
        var actor = caller.Value.ToActor();
        var policies = new List<ReplicationRow>();
        foreach (var policy in await replications.ListAsync(actor, ct))
        {
            policies.Add(new ReplicationRow(policy, await replications.ListRunsAsync(actor, policy.Name, RunsShown, ct)));
        }

        return DashboardResults.Page<ReplicationsPage, ReplicationsView>(new ReplicationsView(caller.Value, policies, notice));
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
