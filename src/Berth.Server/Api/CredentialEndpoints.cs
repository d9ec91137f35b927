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
    }

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
