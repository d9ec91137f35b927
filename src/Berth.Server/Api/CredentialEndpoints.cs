using System.Security.Claims;
using Berth.Connections.UseCases;
using Berth.DockerConfig;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>
/// Credentials and docker config files: the only responses that carry secrets, for any role, with ci tokens
/// limited to the connections they name. Every read is audited (by the use case).
/// </summary>
internal static class CredentialEndpoints
{
    public static void MapCredentials(this RouteGroupBuilder api, RouteGroupBuilder registries)
    {
        registries.MapGet("/{name}/credentials", CredentialsAsync).RequireAuthorization(BerthClaims.AnyRolePolicy).WithName("GetRegistryCredentials")
            .WithSummary("The registry credential (fresh for short-lived types); ci tokens only for their named registries");
        api.MapPost("/dockercfg", DockerConfigAsync).RequireAuthorization(BerthClaims.AnyRolePolicy).WithTags("Credentials").WithName("ExportDockerConfig")
            .WithSummary("A docker config.json with auths for the named registries (all the token may use when none are named), the same file as 'berth dockercfg export'")
            .Produces<string>(StatusCodes.Status200OK, "application/json");
        var credentials = api.MapGroup("/credentials").WithTags("Credentials").RequireAuthorization(BerthClaims.AnyRolePolicy);
        credentials.MapGet("/resolve", ResolveAsync).WithName("ResolveCredential")
            .WithSummary("The credential for a registry address, as a remote credential helper or kubelet credential provider asks for it")
            .WithDescription("server is a registry host in any spelling docker uses (host, https://host, https://index.docker.io/v1/), "
                + "optionally followed by a repository path (host/team/app): the connection whose host and namespace are its longest prefix "
                + "serves it (with a host only, the one without a namespace). ci tokens are answered only from the registries they name (403 "
                + "naming the registry that serves the address otherwise); 404 when no registry of the organization serves it. The credential is "
                + "fresh for short-lived types, and every answer is audited as a credential read.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        credentials.MapGet("/servers", ServersAsync).WithName("ListCredentialServers")
            .WithSummary("Registry host → username for every registry the token may use (the credential-helper 'list'); no secret is read");
    }

    private static async Task<Results<Ok<CredentialAnswer>, ProblemHttpResult>> ResolveAsync(string? server, HttpContext http, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "the server query parameter is required, e.g. ?server=registry.example.com or ?server=registry.example.com/team/app");
        }

        var resolved = await connections.ResolveCredentialAsync(Caller.From(user).ToActor(), server, "credentials resolve endpoint", ct);
        if (resolved is null)
        {
            return Problems.NotFound($"no registry of this organization serves {server.Trim()}; connect it first (POST /api/v1/registries or 'berth connect')");
        }

        // The body is a secret: no cache on the way may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(CredentialAnswer.From(resolved));
    }

    private static async Task<Ok<IReadOnlyDictionary<string, string>>> ServersAsync(ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct) =>
        TypedResults.Ok(await connections.ListServersAsync(Caller.From(user).ToActor(), ct));

    private static async Task<Results<Ok<CredentialResponse>, ProblemHttpResult>> CredentialsAsync(string name, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (Forbidden(caller, [name]) is { } forbidden)
        {
            return forbidden;
        }

        var obtained = await connections.ReadCredentialAsync(caller.ToActor(), name, "credentials endpoint", ct);
        var c = obtained.Credential;
        return TypedResults.Ok(new CredentialResponse(obtained.Registry.Name, DockerServerKey.ToConfigKey(obtained.Registry.Name), c.Username, c.Password, c.IdentityToken, c.RegistryToken, obtained.ExpiresAt));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DockerConfigAsync(DockerConfigRequest? request, ClaimsPrincipal user, ConnectionUseCases connections, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var names = request?.Registries?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList() ?? [];
        if (Forbidden(caller, names) is { } forbidden)
        {
            return forbidden;
        }

        var export = await connections.ExportDockerConfigAsync(caller.ToActor(), names, ct);
        return TypedResults.Text(DockerConfigWriter.SerializeToString(export.File, DockerConfigFormat.ConfigJson), "application/json");
    }

    /// <summary>A ci token naming a registry it may not use is told which it may (a 403, not a 404: it knows the names).</summary>
    private static ProblemHttpResult? Forbidden(Caller caller, IReadOnlyList<string> names)
    {
        var refused = names.Where(n => !caller.MayUseConnection(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return refused.Count == 0 ? null
            : Problems.Forbidden($"this ci token may not use: {string.Join(", ", refused)}; it may use only: {string.Join(", ", caller.Connections)}");
    }
}
