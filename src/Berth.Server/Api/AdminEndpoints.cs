using System.Security.Claims;
using Berth.Connections.Tokens;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary><c>/api/v1/tokens</c> and <c>/api/v1/audit</c>: admin-only, scoped to the admin's organization.</summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(BerthClaims.AdminPolicy);
        tokens.MapGet("/", ListTokensAsync).WithName("ListTokens").WithSummary("The organization's API tokens (never their text)");
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateToken").WithSummary("Create a token; the response is the only time its text is shown");
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Revoke a token");
        api.MapGet("/audit", AuditAsync).WithTags("Audit").RequireAuthorization(BerthClaims.AdminPolicy).WithName("ListAudit")
            .WithSummary("Connection changes and credential reads, newest first");
    }

    private static async Task<Ok<List<TokenResponse>>> ListTokensAsync(ClaimsPrincipal user, ServerStores stores, CancellationToken ct) =>
        TypedResults.Ok((await stores.Tokens.ListAsync(Caller.From(user).OrganizationId, ct)).Select(TokenResponse.From).ToList());

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem>> CreateTokenAsync(TokenRequest request, ClaimsPrincipal user, ServerStores stores, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (!ApiTokenRoles.TryParse(request.Role, out var role))
        {
            return Problems.Invalid("role", $"role must be one of {string.Join(", ", ApiTokenRoles.Names)}");
        }

        var connections = request.Connections ?? [];
        if (role == ApiTokenRole.Ci && !connections.Any(c => !string.IsNullOrWhiteSpace(c)))
        {
            return Problems.Invalid("connections", "a ci token must name the registries it may use");
        }

        if (role != ApiTokenRole.Ci && connections.Count > 0)
        {
            return Problems.Invalid("connections", "only ci tokens are limited to named registries");
        }

        var issued = await stores.Tokens.CreateAsync(caller.OrganizationId, role.Value, connections, request.Description, ct);
        await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "token.create", null, $"{role.Value.ToName()} token {issued.Token.Id:D}", ct);
        return TypedResults.Created($"/api/v1/tokens/{issued.Token.Id:D}", new CreatedTokenResponse(TokenResponse.From(issued.Token), issued.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, ClaimsPrincipal user, ServerStores stores, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var token = await stores.Tokens.GetAsync(id, ct);
        if (token is null || token.OrganizationId != caller.OrganizationId || token.IsRevoked)
        {
            return Problems.NotFound($"there is no active token {id:D}");
        }

        await stores.Tokens.RevokeAsync(id, ct);
        await stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, "token.revoke", null, $"token {id:D}", ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<AuditResponse>>> AuditAsync(int? limit, ClaimsPrincipal user, ServerStores stores, CancellationToken ct)
    {
        var rows = await stores.Connections.ListAuditAsync(Caller.From(user).OrganizationId, Math.Clamp(limit ?? 100, 1, 1000), ct);
        return TypedResults.Ok(rows.Select(a => new AuditResponse(a.Id, a.At, a.Actor, a.Action, a.ConnectionId, a.Detail)).ToList());
    }
}
