using System.Security.Claims;
using Berth.Connections;
using Berth.DockerConfig;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Berth.Server.Registries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>
/// Credentials and docker config files: the only responses that carry secrets, for any role, with ci tokens
/// limited to the connections they name. Every read is audited.
/// </summary>
internal static class CredentialEndpoints
{
    public static void MapCredentials(this RouteGroupBuilder api, RouteGroupBuilder registries)
    {
        registries.MapGet("/{name}/credentials", CredentialsAsync).RequireAuthorization(BerthClaims.AnyRolePolicy).WithName("GetRegistryCredentials")
            .WithSummary("The registry credential (fresh for short-lived types); ci tokens only for their named registries");
        api.MapPost("/dockercfg", DockerConfigAsync).RequireAuthorization(BerthClaims.AnyRolePolicy).WithTags("Credentials").WithName("ExportDockerConfig")
            .WithSummary("A docker config.json with auths for the named registries (all the token may use when none are named)")
            .Produces<string>(StatusCodes.Status200OK, "application/json");
    }

    private static async Task<Results<Ok<CredentialResponse>, ProblemHttpResult>> CredentialsAsync(string name, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (!caller.MayUseConnection(name))
        {
            return Problems.Forbidden($"this ci token may use only: {string.Join(", ", caller.Connections)}");
        }

        var connection = await service.FindAsync(caller, name, ct);
        if (connection is null)
        {
            return Problems.RegistryNotFound(name);
        }

        var credential = await service.ReadCredentialAsync(caller, connection, "credentials endpoint", ct);
        var host = service.Types.Address(connection).Host;
        var c = credential.Credential;
        return TypedResults.Ok(new CredentialResponse(host.Name, DockerServerKey.ToConfigKey(host.Name), c.Username, c.Password, c.IdentityToken, c.RegistryToken, credential.ExpiresAt));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DockerConfigAsync(DockerConfigRequest? request, ClaimsPrincipal user, ConnectionService service, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var names = request?.Registries?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        var forbidden = names.Where(n => !caller.MayUseConnection(n)).ToList();
        if (forbidden.Count > 0)
        {
            return Problems.Forbidden($"this ci token may not use: {string.Join(", ", forbidden)}; it may use only: {string.Join(", ", caller.Connections)}");
        }

        var connections = new List<Connection>();
        if (names.Count == 0)
        {
            connections.AddRange((await service.ListAsync(caller, ct)).Where(c => caller.MayUseConnection(c.Name)));
        }
        else
        {
            foreach (var name in names)
            {
                var connection = await service.FindAsync(caller, name, ct);
                if (connection is null)
                {
                    return Problems.RegistryNotFound(name);
                }

                connections.Add(connection);
            }
        }

        var file = DockerConfigFile.Empty;
        foreach (var connection in connections)
        {
            var credential = (await service.ReadCredentialAsync(caller, connection, "dockercfg export", ct)).Credential;
            if (credential.IsAnonymous)
            {
                continue;
            }

            var entry = credential.Password is not null ? DockerAuthEntry.FromPassword(credential.Username ?? "", credential.Password)
                : credential.IdentityToken is not null ? DockerAuthEntry.FromIdentityToken(credential.IdentityToken, credential.Username)
                : new DockerAuthEntry { RegistryToken = credential.RegistryToken };
            file = file.WithAuth(service.Types.Address(connection).Host.Name, entry);
        }

        return TypedResults.Text(DockerConfigWriter.SerializeToString(file, DockerConfigFormat.ConfigJson), "application/json");
    }
}
