using System.Security.Claims;
using Berth.Connections.UseCases;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>Repositories → tags → manifest of a registry, for members and admins; listings come from the cache while fresh.</summary>
internal static class BrowseEndpoints
{
    public static void MapBrowse(this RouteGroupBuilder registries)
    {
        registries.MapGet("/{name}/repositories", RepositoriesAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("ListRepositories")
            .WithSummary("Repositories of a registry (cached for its cache interval; refresh=true bypasses the cache)");
        registries.MapGet("/{name}/tags", TagsAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("ListTags")
            .WithSummary("Tags of one repository (?repository=team/app)");
        registries.MapGet("/{name}/manifest", ManifestAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("GetManifest")
            .WithSummary("Image inspection, the same JSON as 'berth inspect --output json': digest, platforms or layers, size, created, labels (?repository=team/app&reference=1.0)")
            .Produces<ImageInspection>();
        registries.MapGet("/{name}/referrers", ReferrersAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("ListReferrers")
            .WithSummary("Signatures, SBOMs and attestations of an image, recursively, the same JSON as 'berth referrers --output json' (?repository=team/app&digest=sha256:...[&artifactType=])")
            .Produces<ReferrerReport>();
    }

    private static async Task<Ok<ListingResponse>> RepositoriesAsync(string name, bool? refresh, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var actor = Caller.From(user).ToActor();
        var connection = await connections.GetAsync(actor, name, ct);
        var listing = await connections.ListRepositoriesAsync(connection, cached: refresh != true, ct);
        return TypedResults.Ok(new ListingResponse(connection.Name, null, listing.Items, listing.Refreshed));
    }

    private static async Task<Ok<ListingResponse>> TagsAsync(string name, string? repository, bool? refresh, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var actor = Caller.From(user).ToActor();
        var connection = await connections.GetAsync(actor, name, ct);
        var listing = await connections.ListTagsAsync(connection, repository ?? "", cached: refresh != true, ct);
        return TypedResults.Ok(new ListingResponse(connection.Name, repository!.Trim(), listing.Items, listing.Refreshed));
    }

    private static async Task<Results<JsonHttpResult<ImageInspection>, ValidationProblem>> ManifestAsync(
        string name, string? repository, string? reference, string? platform, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return Problems.Invalid("reference", "the reference query parameter (a tag or digest) is required");
        }

        Berth.Content.Platform? wanted = null;
        if (!string.IsNullOrWhiteSpace(platform))
        {
            try
            {
                wanted = Berth.Content.Platform.Parse(platform);
            }
            catch (FormatException e)
            {
                return Problems.Invalid("platform", e.Message);
            }
        }

        var inspection = await connections.InspectAsync(Caller.From(user).ToActor(), name, repository ?? "", reference, wanted, ct);
        return TypedResults.Json(inspection, UseCaseJsonContext.Default.ImageInspection);
    }

    private static async Task<Results<JsonHttpResult<ReferrerReport>, ValidationProblem>> ReferrersAsync(
        string name, string? repository, string? digest, string? artifactType, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(digest))
        {
            return Problems.Invalid("digest", "the digest query parameter (the image's manifest digest, or a tag) is required");
        }

        var report = await connections.ListReferrersAsync(Caller.From(user).ToActor(), name, repository ?? "", digest, artifactType, ct);
        return TypedResults.Json(report, UseCaseJsonContext.Default.ReferrerReport);
    }

}
