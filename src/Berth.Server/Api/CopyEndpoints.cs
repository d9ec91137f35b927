using System.Security.Claims;
using Berth.Connections.Paging;
using Berth.Server.Auth;
using Berth.Server.Copies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary><c>/api/v1/copies</c>: start a registry-to-registry copy and follow its status and progress.</summary>
internal static class CopyEndpoints
{
    public static void MapCopies(this RouteGroupBuilder api)
    {
        var copies = api.MapGroup("/copies").WithTags("Copies").RequireAuthorization(BerthClaims.MemberPolicy);
        copies.MapPost("/", StartAsync).WithName("StartCopy").WithSummary("Copy an image between two connected registries (runs in the background)");
        copies.MapGet("/", ListAsync).WithName("ListCopies").WithSummary("One page of the organization's recent copy jobs from any replica, newest first (?limit=, ?cursor= from the Link header)");
        copies.MapGet("/{id:guid}", async Task<Results<Ok<CopyJobView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, CopyJobs jobs, CancellationToken ct) =>
                await jobs.FindAsync(Caller.From(user), id, ct) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"there is no copy job {id:D}"))
            .WithName("GetCopy").WithSummary("Status and progress of a copy job");
        copies.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelCopy").WithSummary("Cancel a queued or running copy job (from any replica)");
    }

    private static async Task<Results<Ok<CopyJobView>, ProblemHttpResult>> CancelAsync(Guid id, ClaimsPrincipal user, CopyJobs jobs, CancellationToken ct)
    {
        var (job, cancelled) = await jobs.CancelAsync(Caller.From(user), id, ct);
        return job is null
            ? Problems.NotFound($"there is no copy job {id:D}")
            : cancelled
                ? TypedResults.Ok(job)
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: $"copy job {id:D} is already {job.Status.ToString().ToLowerInvariant()}; only queued or running copies can be cancelled");
    }

    private static async Task<Results<Ok<IReadOnlyList<CopyJobView>>, ValidationProblem>> ListAsync(string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, CopyJobs jobs, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.Copies, out var request, out var problem))
        {
            return problem!;
        }

        var page = await jobs.ListPageAsync(Caller.From(user), request, ct);
        PageLinks.Write(http, page);
        return TypedResults.Ok(page.Items);
    }

    private static async Task<Results<Accepted<CopyJobView>, ValidationProblem>> StartAsync(CopyRequest request, ClaimsPrincipal user, CopyJobs jobs, CancellationToken ct)
    {
        var (job, errors) = await jobs.StartAsync(Caller.From(user), request, ct);
        return errors is not null ? Problems.Invalid(errors) : TypedResults.Accepted($"/api/v1/copies/{job!.Id:D}", job);
    }
}
