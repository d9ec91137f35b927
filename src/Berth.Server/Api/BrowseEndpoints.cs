using System.Security.Claims;
using Berth.Errors;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Berth.Server.Errors;
using Berth.Server.Registries;
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
            .WithSummary("Manifest details: digest, platforms or layers, size, created, labels (?repository=team/app&reference=1.0)");
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> RepositoriesAsync(
        string name, bool? refresh, ClaimsPrincipal user, ConnectionService service, RegistryBrowser browser, CancellationToken ct)
    {
        var connection = await service.FindAsync(Caller.From(user), name, ct);
        if (connection is null)
        {
            return Problems.RegistryNotFound(name);
        }

        var listing = await browser.RepositoriesAsync(connection, refresh ?? false, ct);
        return TypedResults.Ok(new ListingResponse(connection.Name, null, listing.Items, listing.Refreshed));
    }

    private static async Task<Results<Ok<ListingResponse>, ValidationProblem, ProblemHttpResult>> TagsAsync(
        string name, string? repository, bool? refresh, ClaimsPrincipal user, ConnectionService service, RegistryBrowser browser, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(repository))
        {
            return Problems.Invalid("repository", "the repository query parameter is required, e.g. ?repository=team/app");
        }

        var connection = await service.FindAsync(Caller.From(user), name, ct);
        if (connection is null)
        {
            return Problems.RegistryNotFound(name);
        }

        try
        {
            var listing = await browser.TagsAsync(connection, repository.Trim(), refresh ?? false, ct);
            return TypedResults.Ok(new ListingResponse(connection.Name, repository.Trim(), listing.Items, listing.Refreshed));
        }
        catch (BerthException e) when (e.Category == ErrorCategory.NotFound)
        {
            return Problems.NotFound($"registry '{connection.Name}' has no repository '{repository.Trim()}'");
        }
    }

    private static async Task<Results<Ok<ManifestDetails>, ValidationProblem, ProblemHttpResult>> ManifestAsync(
        string name, string? repository, string? reference, ClaimsPrincipal user, ConnectionService service, RegistryBrowser browser, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(repository))
        {
            errors["repository"] = ["the repository query parameter is required"];
        }

        if (string.IsNullOrWhiteSpace(reference))
        {
            errors["reference"] = ["the reference query parameter (a tag or digest) is required"];
        }
        else if (!References.Tag.TryParse(reference, out _) && !References.Digest.TryParse(reference, out _))
        {
            errors["reference"] = [$"'{reference}' is neither a tag nor a digest"];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var connection = await service.FindAsync(Caller.From(user), name, ct);
        if (connection is null)
        {
            return Problems.RegistryNotFound(name);
        }

        try
        {
            return TypedResults.Ok(await browser.ManifestAsync(connection, repository!.Trim(), reference!.Trim(), ct));
        }
        catch (BerthException e) when (e.Category == ErrorCategory.NotFound)
        {
            return Problems.NotFound($"{repository}:{reference} was not found in registry '{connection.Name}'");
        }
    }

    /// <summary>Errors a page shows rather than fails on; the dashboard asks, until its rewrite uses <see cref="ErrorResponses"/> itself.</summary>
    internal static bool IsRegistryFailure(Exception e) => ErrorResponses.IsExpected(e);
}
