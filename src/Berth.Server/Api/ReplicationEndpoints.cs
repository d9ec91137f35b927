using System.Security.Claims;
using Berth.Connections.Paging;
using Berth.Connections.Replication;
using Berth.Connections.UseCases;
using Berth.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>
/// <c>/api/v1/replications</c>: replication policies and their runs. Roles as for copies (admin and member); every
/// request is scoped to the caller's organization; the use cases validate, audit and answer.
/// </summary>
internal static class ReplicationEndpoints
{
    public static void MapReplications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/replications").WithTags("Replications").RequireAuthorization(BerthClaims.MemberPolicy);
        group.MapPost("/", async (ReplicationInput input, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
            {
                var created = await replications.CreateAsync(Caller.From(user).ToActor(), input, ct);
                return TypedResults.Created($"/api/v1/replications/{Uri.EscapeDataString(created.Name)}", created);
            })
            .WithName("CreateReplication").WithSummary("Create a replication policy (source connection and repositories -> destination connection and namespace)");
        group.MapGet("/", ListAsync)
            .WithName("ListReplications").WithSummary("One page of the organization's replication policies, by name (?limit=, ?cursor= from the Link header)");
        group.MapGet("/{name}", async (string name, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.GetAsync(Caller.From(user).ToActor(), name, ct)))
            .WithName("GetReplication").WithSummary("One replication policy");
        group.MapDelete("/{name}", async (string name, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
            {
                await replications.DeleteAsync(Caller.From(user).ToActor(), name, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteReplication").WithSummary("Delete a replication policy, its schedule and its run history");
        group.MapPost("/{name}/run", async (string name, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
            {
                var run = await replications.RunAsync(Caller.From(user).ToActor(), name, ct);
                return TypedResults.Accepted($"/api/v1/replications/{Uri.EscapeDataString(name)}/runs/{run.Id:D}", run);
            })
            .WithName("RunReplication").WithSummary("Queue a run now; answers the run (its id and status queued)");
        group.MapGet("/{name}/runs", ListRunsAsync)
            .WithName("ListReplicationRuns").WithSummary("One page of a policy's runs, newest first, with counts and per-image results (?limit=, ?cursor= from the Link header)");
        group.MapGet("/{name}/runs/{id:guid}", async (string name, Guid id, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.GetRunAsync(Caller.From(user).ToActor(), name, id, ct)))
            .WithName("GetReplicationRun").WithSummary("One run of a policy");
        group.MapPost("/{name}/runs/{id:guid}/cancel", async (string name, Guid id, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.CancelRunAsync(Caller.From(user).ToActor(), name, id, ct)))
            .WithName("CancelReplicationRun").WithSummary("Cancel a queued or running run (from any replica)");
    }

    private static async Task<Results<Ok<IReadOnlyList<ReplicationPolicyView>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.Replications, out var request, out var problem))
        {
            return problem!;
        }

        var page = await replications.ListPageAsync(Caller.From(user).ToActor(), request, ct);
        PageLinks.Write(http, page);
        return TypedResults.Ok(page.Items);
    }

    private static async Task<Results<Ok<IReadOnlyList<ReplicationRunView>>, ValidationProblem>> ListRunsAsync(
        string name, string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.ReplicationRuns, out var request, out var problem))
        {
            return problem!;
        }

        var page = await replications.ListRunsPageAsync(Caller.From(user).ToActor(), name, request, ct);
        PageLinks.Write(http, page);
        return TypedResults.Ok(page.Items);
    }
}
