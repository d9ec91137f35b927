using System.Security.Claims;
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
        copies.MapGet("/", (ClaimsPrincipal user, CopyJobs jobs) => TypedResults.Ok(jobs.List(Caller.From(user)))).WithName("ListCopies").WithSummary("This replica's recent copy jobs");
        copies.MapGet("/{id:guid}", Results<Ok<CopyJobView>, ProblemHttpResult> (Guid id, ClaimsPrincipal user, CopyJobs jobs) =>
                jobs.Find(Caller.From(user), id) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"there is no copy job {id:D}"))
            .WithName("GetCopy").WithSummary("Status and progress of a copy job");
    }

    private static async Task<Results<Accepted<CopyJobView>, ValidationProblem>> StartAsync(CopyRequest request, ClaimsPrincipal user, CopyJobs jobs, CancellationToken ct)
    {
        var (job, errors) = await jobs.StartAsync(Caller.From(user), request, ct);
        return errors is not null ? Problems.Invalid(errors) : TypedResults.Accepted($"/api/v1/copies/{job!.Id:D}", job);
    }
}
