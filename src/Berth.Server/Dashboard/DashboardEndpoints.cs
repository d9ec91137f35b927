using System.Security.Claims;
using Berth.Connections.Tokens;
using Berth.Server.Auth;
using Berth.Server.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Berth.Server.Dashboard;

/// <summary>Sign-in and sign-out of the dashboard: a token exchanged for an HttpOnly, SameSite=Strict session cookie.</summary>
internal static class DashboardEndpoints
{
    public static void MapDashboard(this WebApplication app)
    {
        app.MapStaticAssets();
        var pages = app.MapGroup("/").ExcludeFromDescription();
        pages.MapGet("/signin", (HttpContext context, string? error) => SignInPage(context, error)).AllowAnonymous();
        pages.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(BerthClaims.TokenCheckLimiter);
        pages.MapPost("/signout", (Delegate)SignOutAsync).AllowAnonymous();
        pages.MapGet("/forbidden", (HttpContext context) => Page.Render(context, "Not allowed", "<p>This token's role does not allow that page.</p>", status: StatusCodes.Status403Forbidden)).AllowAnonymous();

        var signedIn = pages.MapGroup("/").RequireAuthorization(BerthClaims.DashboardPolicy);
        signedIn.MapGet("/", () => Results.Redirect("/registries"));
        signedIn.MapRegistryPages();
        signedIn.MapImagePages();
    }

    /// <summary>Validates the form's antiforgery token; null when it is fine, else the page to answer with.</summary>
    public static async Task<IResult?> CheckCsrfAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Page.Render(context, "Form expired", "<p>This form was not issued by this dashboard session (or expired). Go back, reload the page and try again.</p>", status: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult SignInPage(HttpContext context, string? error, int status = StatusCodes.Status200OK) =>
        Page.Render(context, "Sign in", $"""
            {(error is null ? "" : $"<div class=\"notice error\" role=\"alert\">{Html.E(error)}</div>")}
            <form method="post" action="/signin" class="stack">
              {Page.Csrf(context)}
              <label>API token
                <input type="password" name="token" id="token" autocomplete="off" required autofocus placeholder="berth_…">
                <small>An admin or member token: the one printed on the server's first run, or one from <code>berth tokens create</code>.</small>
              </label>
              <div><button type="submit" id="signin">Sign in</button></div>
            </form>
            """, status: status);

    private static async Task<IResult> SignInAsync(HttpContext context, ServerStores stores)
    {
        if (await CheckCsrfAsync(context) is { } bad)
        {
            return bad;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = await stores.Tokens.AuthenticateAsync(form["token"].ToString().Trim(), context.RequestAborted);
        if (token is null)
        {
            return SignInPage(context, "That token is unknown or revoked.", StatusCodes.Status401Unauthorized);
        }

        if (token.Role == ApiTokenRole.Ci)
        {
            return SignInPage(context, "ci tokens only fetch credentials for their registries; sign in with an admin or member token.", StatusCodes.Status403Forbidden);
        }

        var principal = new ClaimsPrincipal(Caller.IdentityFor(token, BerthClaims.CookieScheme));
        await context.SignInAsync(BerthClaims.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect("/registries");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (await CheckCsrfAsync(context) is { } bad)
        {
            return bad;
        }

        await context.SignOutAsync(BerthClaims.CookieScheme);
        return Results.Redirect("/signin");
    }
}
