using Berth.Connections.Paging;
using Berth.Connections.UseCases;
using Berth.Server.Dashboard.Pages;

namespace Berth.Server.Dashboard;

/// <summary>
/// API tokens (admin): list, create (its text shown once, on the answer to the form, never in a URL), revoke with
/// confirmation. The same <see cref="TokenUseCases"/> as the REST API, so rules and audit wording are one.
/// </summary>
internal static class TokenPages
{
    public static void MapTokenPages(this RouteGroupBuilder admin)
    {
        admin.MapGet("/tokens", (HttpContext http, SignedInCaller caller, TokenUseCases tokens, ConnectionUseCases connections, string? notice, string? id, string? cursor, CancellationToken ct) =>
            ListAsync(http, caller, tokens, connections, TokenFormValues.Empty, null, null, notice == "revoked" ? new Notice($"Token {id} revoked.") : null, cursor, ct));
        admin.MapPost("/tokens", CreateAsync);
        admin.MapGet("/tokens/{id:guid}/revoke", ConfirmRevokeAsync);
        admin.MapPost("/tokens/{id:guid}/revoke", RevokeAsync);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, SignedInCaller caller, TokenUseCases tokens, ConnectionUseCases connections, TokenFormValues form, string? errorField, string? error, Notice? notice, string? cursor, CancellationToken ct)
    {
        // Paged like the API (same cursors); a cursor that does not read starts again at the first page.
        var request = PageRequest.TryParse(null, cursor, PageLists.Tokens, out var parsed, out _, out _) ? parsed : PageRequest.First();
        var page = await tokens.ListPageAsync(caller.Value.ToActor(), request, ct);
        var names = (await connections.ListAsync(caller.Value.ToActor(), ct)).Select(c => c.Name).ToList();
        var view = new TokensView(caller.Value, page.Items, names, form, errorField, error, notice,
            page.Next is { } next ? Api.PageLinks.Url(http, next) : null,
            page.Previous is { } previous ? Api.PageLinks.Url(http, previous) : null);
        return DashboardResults.Page<TokensPage, TokensView>(view, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, SignedInCaller caller, IFormCollection posted, TokenUseCases tokens, ConnectionUseCases registries, CancellationToken ct)
    {
        // A multi-select posts one 'connections' value per chosen registry.
        var role = posted["role"].ToString();
        string[] connections = [.. posted["connections"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)];
        var description = posted["description"].ToString();
        var form = new TokenFormValues(role, connections, description);
        var created = await tokens.CreateAsync(caller.Value.ToActor(), role, connections, description, ct);
        if (created.Issued is not { } issued)
        {
            return await ListAsync(http, caller, tokens, registries, form, created.Field, created.Error, null, null, ct);
        }

        return DashboardResults.Page<TokenCreatedPage, TokenCreatedView>(new TokenCreatedView(caller.Value, issued.Token, issued.Secret));
    }

    private static async Task<IResult> ConfirmRevokeAsync(Guid id, SignedInCaller caller, TokenUseCases tokens, CancellationToken ct) =>
        await tokens.FindActiveAsync(caller.Value.ToActor(), id, ct) is { } token
            ? DashboardResults.Page<RevokeTokenPage, RevokeTokenView>(new RevokeTokenView(caller.Value, token))
            : DashboardResults.Message(caller.Value, "Not found", $"There is no active token {id:D}.", StatusCodes.Status404NotFound, "tokens", "/tokens", "Back to tokens");

    private static async Task<IResult> RevokeAsync(Guid id, IFormCollection form, SignedInCaller caller, TokenUseCases tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(caller.Value.ToActor(), id, ct)
            ? Results.Redirect($"/tokens?notice=revoked&id={Format.ShortId(id)}")
            : DashboardResults.Message(caller.Value, "Not found", $"There is no active token {id:D}.", StatusCodes.Status404NotFound, "tokens", "/tokens", "Back to tokens");
}
