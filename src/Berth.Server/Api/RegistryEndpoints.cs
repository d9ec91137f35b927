using System.Security.Claims;
using Berth.Connections.Verification;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Berth.Server.Registries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary><c>/api/v1/registries</c>: connections of the caller's organization (admin manages, member reads and verifies).</summary>
internal static class RegistryEndpoints
{
    public static RouteGroupBuilder MapRegistries(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/registries").WithTags("Registries");
        group.MapGet("/", ListAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("ListRegistries").WithSummary("List the organization's registries");
        group.MapPost("/", CreateAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("CreateRegistry").WithSummary("Add a registry");
        group.MapGet("/{name}", GetAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("GetRegistry").WithSummary("One registry (secrets show as set / last-4 hint only)");
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("UpdateRegistry").WithSummary("Change a registry; absent secrets keep their value");
        group.MapPost("/{name}/rename", RenameAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("RenameRegistry").WithSummary("Rename a registry");
        group.MapDelete("/{name}", DeleteAsync).RequireAuthorization(BerthClaims.AdminPolicy).WithName("DeleteRegistry").WithSummary("Remove a registry");
        group.MapPost("/{name}/verify", VerifyAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithName("VerifyRegistry").WithSummary("Ping, authenticate and list tags of listed repositories");
        api.MapGet("/registry-types", (ConnectionService service) =>
                TypedResults.Ok(service.Types.All.Select(t => new RegistryTypeResponse(t.Type, t.DisplayName, t.DefaultUrl, t.UrlHelp, t.Fields)).ToList()))
            .RequireAuthorization(BerthClaims.AnyRolePolicy).WithTags("Registries").WithName("ListRegistryTypes").WithSummary("Registry types and their fields");
        api.MapGet("/resolve", ResolveAsync).RequireAuthorization(BerthClaims.MemberPolicy).WithTags("Registries").WithName("ResolveImage")
            .WithSummary("Which registry serves an image (longest host/namespace prefix)");
        return group;
    }

    private static async Task<Ok<List<RegistryResponse>>> ListAsync(ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var connections = await service.ListAsync(Caller.From(user), ct);
        return TypedResults.Ok(connections.Select(c => RegistryResponse.From(c, service.Types)).ToList());
    }

    private static async Task<Results<Ok<RegistryResponse>, ProblemHttpResult>> GetAsync(string name, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var connection = await service.FindAsync(Caller.From(user), name, ct);
        return connection is null ? Problems.RegistryNotFound(name) : TypedResults.Ok(RegistryResponse.From(connection, service.Types));
    }

    private static async Task<Results<Created<RegistryResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(RegistryRequest request, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var (input, errors) = request.ToInput();
        if (errors is not null)
        {
            return Problems.Invalid(errors);
        }

        var result = await service.CreateAsync(Caller.From(user), input!, ct);
        if (!result.Ok)
        {
            return result.Conflict ? Problems.Conflict(result.ErrorDictionary()) : Problems.Invalid(result.ErrorDictionary());
        }

        return TypedResults.Created($"/api/v1/registries/{Uri.EscapeDataString(result.Value!.Name)}", RegistryResponse.From(result.Value, service.Types));
    }

    private static async Task<Results<Ok<RegistryResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(string name, RegistryRequest request, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var (input, errors) = request.ToInput();
        if (errors is not null)
        {
            return Problems.Invalid(errors);
        }

        var result = await service.UpdateAsync(Caller.From(user), name, input!, ct);
        if (result.NotFound)
        {
            return Problems.RegistryNotFound(name);
        }

        if (!result.Ok)
        {
            return result.Conflict ? Problems.Conflict(result.ErrorDictionary()) : Problems.Invalid(result.ErrorDictionary());
        }

        return TypedResults.Ok(RegistryResponse.From(result.Value!, service.Types));
    }

    private static async Task<Results<Ok<RegistryResponse>, ValidationProblem, ProblemHttpResult>> RenameAsync(string name, RenameRequest request, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var result = await service.RenameAsync(Caller.From(user), name, request.Name, ct);
        if (result.NotFound)
        {
            return Problems.RegistryNotFound(name);
        }

        if (!result.Ok)
        {
            return result.Conflict ? Problems.Conflict(result.ErrorDictionary()) : Problems.Invalid(result.ErrorDictionary());
        }

        return TypedResults.Ok(RegistryResponse.From(result.Value!, service.Types));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal user, ConnectionService service, CancellationToken ct) =>
        await service.RemoveAsync(Caller.From(user), name, ct) ? TypedResults.NoContent() : Problems.RegistryNotFound(name);

    private static async Task<Results<Ok<VerifyReport>, ProblemHttpResult>> VerifyAsync(string name, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var connection = await service.FindAsync(caller, name, ct);
        return connection is null ? Problems.RegistryNotFound(name) : TypedResults.Ok(await service.VerifyAsync(connection, caller.Actor, ct));
    }

    private static async Task<Results<Ok<ResolveResponse>, ValidationProblem, ProblemHttpResult>> ResolveAsync(string? image, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        if (!References.ImageReference.TryParse(image, out var reference, out var error))
        {
            return Problems.Invalid("image", string.IsNullOrWhiteSpace(image) ? "the image query parameter is required, e.g. ?image=registry.example.com/team/app:1.0" : error);
        }

        var connections = await service.ListAsync(Caller.From(user), ct);
        var resolution = Berth.Connections.Resolution.ConnectionResolver.Resolve(reference, connections);
        return resolution.Connection is not { } match
            ? Problems.NotFound($"no registry of this organization serves {reference.Familiar}: {resolution.Reason}")
            : TypedResults.Ok(new ResolveResponse(reference.Canonical, reference.Registry.Name, reference.Repository, resolution.Reason, RegistryResponse.From(match, service.Types)));
    }
}
