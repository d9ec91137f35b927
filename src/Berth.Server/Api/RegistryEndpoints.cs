using System.Security.Claims;
using Berth.Connections.Paging;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;
using Berth.Connections.Verification;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Berth.Server.Api;

/// <summary>
/// <c>/api/v1/registries</c>: connections of the caller's organization (admin manages, member reads and verifies).
/// Each endpoint parses, calls one use case and shapes the answer; errors are answered in one place
/// (<see cref="Errors.BerthExceptionHandler"/>).
/// </summary>
internal static class RegistryEndpoints
{
    private const string DetachHint = "remove it with ?detach=true to narrow or revoke those tokens, or wait for the copies to finish";

    public static RouteGroupBuilder MapRegistries(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/registries").WithTags("Registries");
        group.MapGet("/", ListAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("ListRegistries")
            .Produces<List<RegistryResponse>>().ProducesValidationProblem()
            .WithSummary("One page of the organization's registries by name (?limit=1..1000, default 50; ?cursor= from the Link header's rel=\"next\"); secrets show as set, never read");
        group.MapPost("/", CreateAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("CreateRegistry")
            .WithSummary("Add a registry: validated, verified (unless ?verify=false) and saved; a failed verification saves nothing (422)");
        group.MapGet("/{name}", GetAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("GetRegistry").WithSummary("One registry (secrets show as set / last-4 hint only)");
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("UpdateRegistry")
            .WithSummary("Change a registry; absent secrets keep their value; verified unless ?verify=false");
        group.MapPost("/{name}/rename", RenameAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("RenameRegistry").WithSummary("Rename a registry (ci tokens naming it follow)");
        group.MapGet("/{name}/dependents", DependentsAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("GetRegistryDependents")
            .WithSummary("What depends on a registry: ci tokens naming it, copies using it");
        group.MapDelete("/{name}", DeleteAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("DeleteRegistry")
            .WithSummary("Remove a registry; refused (409) while something depends on it unless ?detach=true");
        group.MapPost("/{name}/verify", VerifyAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("VerifyRegistry").WithSummary("Ping, authenticate and list tags of listed repositories");
        api.MapGet("/registry-types", () => TypedResults.Ok(ProviderCatalog.All.Select(RegistryTypeResponse.From).ToList()))
            .RequireAuthorization(BerthClaims.AnyRolePolicy).WithTags("Registries").WithName("ListRegistryTypes").WithSummary("Registry types and their fields");
        api.MapGet("/resolve", ResolveAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithTags("Registries").WithName("ResolveImage")
            .WithSummary("Which registry serves an image (longest host/namespace prefix)");
        return group;
    }

    private static async Task<IResult> ListAsync(
        string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, ConnectionUseCases connections, ListAnswerCache answers,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.Registries, out var request, out var problem))
        {
            return problem!;
        }

        var actor = Caller.From(user).ToActor();
        var key = ListAnswerCache.Key(actor, http.Request);
        // Read before the page: a write in between leaves a newer page under an older version, which is only rebuilt.
        var version = await connections.ListVersionAsync(actor, ct);
        if (version is { } current && answers.TryGet(key, current, out var kept))
        {
            return kept;
        }

        var page = await connections.ListPageAsync(actor, request, ct);
        PageLinks.Write(http, page);
        var body = JsonSerializer.SerializeToUtf8Bytes(page.Items.Select(RegistryResponse.From).ToList(), json.Value.SerializerOptions);
        var answer = new ListAnswer(version ?? -1, body, http.Response.Headers.Link.Count == 0 ? null : http.Response.Headers.Link.ToString());
        if (version is not null)
        {
            answers.Set(key, answer);
        }

        return answer;
    }

    private static async Task<Ok<RegistryResponse>> GetAsync(string name, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.GetAsync(Caller.From(user).ToActor(), name, ct);
        return TypedResults.Ok(RegistryResponse.From(connection, await connections.CapabilitiesAsync(connection, ct)) with
        {
            RateLimit = await connections.RateLimitAsync(connection, ct),
        });
    }

    private static async Task<Results<Created<RegistryResponse>, UnprocessableEntity<VerifyReport>, ValidationProblem>> CreateAsync(
        RegistryRequest request, bool? verify, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var (input, errors) = request.ToInput();
        if (errors is not null)
        {
            return Problems.Invalid(errors);
        }

        var change = await connections.CreateAsync(Caller.From(user).ToActor(), input!, verify ?? true, ct);
        return change.Saved is { } saved
            ? TypedResults.Created($"/api/v1/registries/{Uri.EscapeDataString(saved.Name)}", RegistryResponse.From(saved, change.Report?.Capabilities))
            : TypedResults.UnprocessableEntity(change.Report);
    }

    private static async Task<Results<Ok<RegistryResponse>, UnprocessableEntity<VerifyReport>, ValidationProblem>> UpdateAsync(
        string name, RegistryRequest request, bool? verify, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var (input, errors) = request.ToInput();
        if (errors is not null)
        {
            return Problems.Invalid(errors);
        }

        var change = await connections.UpdateAsync(Caller.From(user).ToActor(), name, input!, verify ?? true, ct);
        return change.Saved is { } saved ? TypedResults.Ok(RegistryResponse.From(saved, await connections.CapabilitiesAsync(saved, ct))) : TypedResults.UnprocessableEntity(change.Report);
    }

    private static async Task<Ok<RegistryResponse>> RenameAsync(string name, RenameRequest request, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct) =>
        TypedResults.Ok(RegistryResponse.From(await connections.RenameAsync(Caller.From(user).ToActor(), name, request.Name, ct)));

    private static async Task<Ok<IReadOnlyList<Berth.Connections.ConnectionDependent>>> DependentsAsync(string name, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var connection = await connections.GetAsync(Caller.From(user).ToActor(), name, ct);
        return TypedResults.Ok(await connections.DependentsAsync(connection, ct));
    }

    private static async Task<Results<NoContent, Ok<IReadOnlyList<Berth.Connections.ConnectionDependent>>>> DeleteAsync(
        string name, bool? detach, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var removal = await connections.RemoveAsync(Caller.From(user).ToActor(), name, detach == true ? RemoveMode.Detach : RemoveMode.Refuse, DetachHint, ct);
        return removal.Detached.Count == 0 ? TypedResults.NoContent() : TypedResults.Ok(removal.Detached);
    }

    private static async Task<Ok<VerifyReport>> VerifyAsync(string name, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct) =>
        TypedResults.Ok(await connections.VerifyAsync(Caller.From(user).ToActor(), name, ct));

    private static async Task<Results<Ok<ResolveResponse>, ValidationProblem, ProblemHttpResult>> ResolveAsync(string? image, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        if (!References.ImageReference.TryParse(image, out var reference, out var error))
        {
            return Problems.Invalid("image", string.IsNullOrWhiteSpace(image) ? "the image query parameter is required, e.g. ?image=registry.example.com/team/app:1.0" : error);
        }

        var resolution = Berth.Connections.Resolution.ConnectionResolver.Resolve(reference, await connections.ListAsync(Caller.From(user).ToActor(), ct));
        return resolution.Connection is not { } match
            ? Problems.NotFound($"no registry of this organization serves {reference.Familiar}: {resolution.Reason}")
            : TypedResults.Ok(new ResolveResponse(reference.Canonical, reference.Registry.Name, reference.Repository, resolution.Reason, RegistryResponse.From(match)));
    }
}
