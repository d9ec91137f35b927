using System.Security.Claims;
using Berth.Server.Api.Models;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Berth.Connections.Paging;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary><c>/api/v1/tokens</c> and <c>/api/v1/audit</c>: admin-only, scoped to the admin's organization.</summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(BerthClaims.AdminPolicy);
        tokens.MapGet("/", ListTokensAsync).WithName("ListTokens").WithSummary("One page of the organization's API tokens, oldest first, never their text (?limit=, ?cursor= from the Link header)");
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateToken").WithSummary("Create a token; the response is the only time its text is shown");
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithName("RevokeToken").WithSummary("Revoke a token");
        api.MapGet("/audit", AuditAsync).WithTags("Audit").RequireAuthorization(BerthClaims.AdminPolicy).WithName("ListAudit")
            .WithSummary("One page of connection changes and credential reads, newest first (?limit=, ?cursor= from the Link header)");
    }

    private static async Task<Results<Ok<List<TokenResponse>>, ValidationProblem>> ListTokensAsync(
        string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, TokenUseCases tokens, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.Tokens, out var request, out var problem))
        {
            return problem!;
        }

        var page = await tokens.ListPageAsync(Caller.From(user).ToActor(), request, ct);
        PageLinks.Write(http, page);
        return TypedResults.Ok(page.Items.Select(TokenResponse.From).ToList());
    }

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

    private static async Task<Results<Ok<List<AuditResponse>>, ValidationProblem>> AuditAsync(
        string? limit, string? cursor, HttpContext http, ClaimsPrincipal user, ServerStores stores, CancellationToken ct)
    {
        if (!PageLinks.TryRead(limit, cursor, PageLists.Audit, out var request, out var problem))
        {
            return problem!;
        }

        // Newest first: the next page holds older rows (ids below the cursor's), the previous one newer rows.
        var at = request.Cursor is { } c && c.TryGetLong(out var id) ? id : (long?)null;
        var rows = await stores.Connections.QueryAuditAsync(Caller.From(user).OrganizationId, new AuditQuery
        {
            Limit = request.Limit,
            Before = request.Cursor is { Backward: false } ? at : null,
            After = request.Cursor is { Backward: true } ? at : null,
        }, ct);
        PageLinks.Write(http, new Page<AuditEntry>(
            rows.Entries,
            rows.OlderCursor is { } older ? PageCursor.After(PageLists.Audit, "", older.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
            rows.NewerCursor is { } newer ? PageCursor.Before(PageLists.Audit, "", newer.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null));
        return TypedResults.Ok(rows.Entries.Select(a => new AuditResponse(a.Id, a.At, a.Actor, a.Action, a.ConnectionId, a.Detail)).ToList());
    }
}
