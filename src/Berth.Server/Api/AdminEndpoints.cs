using System.Security.Claims;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Berth.Connections.UseCases;
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

    private static async Task<Ok<List<TokenResponse>>> ListTokensAsync(ClaimsPrincipal user, TokenUseCases tokens, CancellationToken ct) =>
        TypedResults.Ok((await tokens.ListAsync(Caller.From(user).ToActor(), ct)).Select(TokenResponse.From).ToList());

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem>> CreateTokenAsync(TokenRequest request, ClaimsPrincipal user, TokenUseCases tokens, CancellationToken ct)
    {
        var created = await tokens.CreateAsync(Caller.From(user).ToActor(), request.Role, request.Connections, request.Description, ct);
        if (created.Issued is not { } issued)
        {
            return Problems.Invalid(created.Field!, created.Error!);
        }

        return TypedResults.Created($"/api/v1/tokens/{issued.Token.Id:D}", new CreatedTokenResponse(TokenResponse.From(issued.Token), issued.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, ClaimsPrincipal user, TokenUseCases tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(Caller.From(user).ToActor(), id, ct) ? TypedResults.NoContent() : Problems.NotFound($"there is no active token {id:D}");

    private static async Task<Ok<List<AuditResponse>>> AuditAsync(int? limit, ClaimsPrincipal user, ServerStores stores, CancellationToken ct)
    {
        var rows = await stores.Connections.ListAuditAsync(Caller.From(user).OrganizationId, Math.Clamp(limit ?? 100, 1, 1000), ct);
        return TypedResults.Ok(rows.Select(a => new AuditResponse(a.Id, a.At, a.Actor, a.Action, a.ConnectionId, a.Detail)).ToList());
    }
}
