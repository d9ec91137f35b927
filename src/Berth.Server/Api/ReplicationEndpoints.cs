using System.Security.Claims;
using Berth.Connections.Replication;
using Berth.Connections.UseCases;
using Berth.Server.Auth;

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
        group.MapGet("/", async (ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.ListAsync(Caller.From(user).ToActor(), ct)))
            .WithName("ListReplications").WithSummary("The organization's replication policies");
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
        group.MapGet("/{name}/runs", async (string name, int? limit, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.ListRunsAsync(Caller.From(user).ToActor(), name, limit ?? 50, ct)))
            .WithName("ListReplicationRuns").WithSummary("Runs of a policy, newest first, with counts and per-image results");
        group.MapGet("/{name}/runs/{id:guid}", async (string name, Guid id, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.GetRunAsync(Caller.From(user).ToActor(), name, id, ct)))
            .WithName("GetReplicationRun").WithSummary("One run of a policy");
        group.MapPost("/{name}/runs/{id:guid}/cancel", async (string name, Guid id, ClaimsPrincipal user, ReplicationUseCases replications, CancellationToken ct) =>
                TypedResults.Ok(await replications.CancelRunAsync(Caller.From(user).ToActor(), name, id, ct)))
            .WithName("CancelReplicationRun").WithSummary("Cancel a queued or running run (from any replica)");
    }
}
