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
        admin.MapGet("/tokens", (SignedInCaller caller, TokenUseCases tokens, ConnectionUseCases connections, string? notice, string? id, CancellationToken ct) =>
            ListAsync(caller, tokens, connections, TokenFormValues.Empty, null, null, notice == "revoked" ? new Notice($"Token {id} revoked.") : null, ct));
        admin.MapPost("/tokens", CreateAsync);
        admin.MapGet("/tokens/{id:guid}/revoke", ConfirmRevokeAsync);
        admin.MapPost("/tokens/{id:guid}/revoke", RevokeAsync);
    }

    private static async Task<IResult> ListAsync(SignedInCaller caller, TokenUseCases tokens, ConnectionUseCases connections, TokenFormValues form, string? errorField, string? error, Notice? notice, CancellationToken ct)
    {
        var list = (await tokens.ListAsync(caller.Value.ToActor(), ct)).OrderByDescending(t => t.Created).ToList();
        var names = (await connections.ListAsync(caller.Value.ToActor(), ct)).Select(c => c.Name).ToList();
        var view = new TokensView(caller.Value, list, names, form, errorField, error, notice);
        return DashboardResults.Page<TokensPage, TokensView>(view, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> CreateAsync(
        SignedInCaller caller, IFormCollection posted, TokenUseCases tokens, ConnectionUseCases registries, CancellationToken ct)
    {
        // A multi-select posts one 'connections' value per chosen registry.
        var role = posted["role"].ToString();
        string[] connections = [.. posted["connections"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)];
        var description = posted["description"].ToString();
        var form = new TokenFormValues(role, connections, description);
        var created = await tokens.CreateAsync(caller.Value.ToActor(), role, connections, description, ct);
        if (created.Issued is not { } issued)
        {
            return await ListAsync(caller, tokens, registries, form, created.Field, created.Error, null, ct);
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
