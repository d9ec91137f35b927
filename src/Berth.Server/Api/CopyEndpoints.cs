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
        copies.MapGet("/", ListAsync).WithName("ListCopies").WithSummary("One page of this replica's recent copy jobs, newest first (?limit=, ?cursor= from the Link header)");
        copies.MapGet("/{id:guid}", Results<Ok<CopyJobView>, ProblemHttpResult> (Guid id, ClaimsPrincipal user, CopyJobs jobs) =>
                jobs.Find(Caller.From(user), id) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"there is no copy job {id:D}"))
            .WithName("GetCopy").WithSummary("Status and progress of a copy job");
    }

    private static Results<Ok<IReadOnlyList<CopyJobView>>, ValidationProblem> ListAsync(string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, CopyJobs jobs)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.Copies, out var request, out var problem))
        {
            return problem!;
        }

        var page = jobs.ListPage(Caller.From(user), request);
        PageLinks.Write(http, page);
        return TypedResults.Ok(page.Items);
    }

    private static async Task<Results<Accepted<CopyJobView>, ValidationProblem>> StartAsync(CopyRequest request, ClaimsPrincipal user, CopyJobs jobs, CancellationToken ct)
    {
        var (job, errors) = await jobs.StartAsync(Caller.From(user), request, ct);
        return errors is not null ? Problems.Invalid(errors) : TypedResults.Accepted($"/api/v1/copies/{job!.Id:D}", job);
    }
}
