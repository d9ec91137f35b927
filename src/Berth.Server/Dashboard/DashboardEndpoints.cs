using System.Security.Claims;
using Berth.Connections.Tokens;
using Berth.Server.Auth;
using Berth.Server.Dashboard.Pages;
using Berth.Server.Hosting;
using Berth.Server.Limits;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Berth.Server.Dashboard;

/// <summary>
/// The dashboard's routes: who may open what is the authorization policy on each group (signed in, or signed in
/// as admin), every form is checked by the antiforgery middleware, and sign-in trades a token for an HttpOnly,
/// SameSite=Strict session cookie.
/// </summary>
internal static class DashboardEndpoints
{
    public static void MapDashboard(this WebApplication app)
    {
        app.MapStaticAssets();
        var pages = app.MapGroup("/").ExcludeFromDescription()
            .WithMetadata(new DashboardEndpointMetadata(), new RequireAntiforgeryTokenAttribute());
        pages.MapGet("/signin", (string? error, string? returnUrl) =>
            DashboardResults.Page<SignInPage, SignInView>(new SignInView(error, LocalPath(returnUrl)))).AllowAnonymous();
        pages.MapPost("/signin", SignInAsync).AllowAnonymous();
        pages.MapGet("/forbidden", (HttpContext context) => DashboardResults.Forbidden(null)).AllowAnonymous();

        var signedIn = pages.MapGroup("/").RequireAuthorization(BerthClaims.DashboardPolicy);
        signedIn.MapPost("/signout", SignOutAsync);
        signedIn.MapGet("/", () => Results.Redirect("/registries"));
        var admin = pages.MapGroup("/").RequireAuthorization(BerthClaims.DashboardAdminPolicy);
        signedIn.MapRegistryPages(admin);
        signedIn.MapImagePages();
        signedIn.MapCopyPages();
        signedIn.MapReplicationPages();
        admin.MapTokenPages();
        admin.MapPullSecretPages();
        admin.MapAuditPages();
    }

    /// <summary>
    /// After <c>UseAntiforgery</c>: a dashboard form whose token did not validate gets the "Form expired" page
    /// instead of reaching its handler.
    /// </summary>
    public static IApplicationBuilder UseDashboardFormErrors(this IApplicationBuilder app) =>
        app.Use((context, next) =>
            context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            && context.GetEndpoint()?.Metadata.GetMetadata<DashboardEndpointMetadata>() is not null
                ? DashboardResults.FormExpired(CallerOrNull(context.User)).ExecuteAsync(context)
                : next(context));

    /// <summary>A signed-in member opening an admin page gets the "Not allowed" page there, with status 403.</summary>
    public static Task AccessDeniedAsync(HttpContext context) =>
        DashboardResults.Forbidden(CallerOrNull(context.User)).ExecuteAsync(context);

    public static Caller? CallerOrNull(ClaimsPrincipal user) =>
        user.FindFirst(BerthClaims.TokenId) is null ? null : Caller.From(user);

    private static async Task<IResult> SignInAsync(HttpContext context, [FromForm] string? token, [FromForm] string? returnUrl, ServerStores stores, RequestLimits limits)
    {
        var back = LocalPath(returnUrl);
        if (limits.IsBlocked(context, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return DashboardResults.Page<SignInPage, SignInView>(
                new SignInView($"Too many failed sign-ins from this address (more than {limits.Options.FailedAuthenticationsPerMinute} a minute); try again in {seconds} s.", back),
                StatusCodes.Status429TooManyRequests);
        }

        var found = await stores.Tokens.AuthenticateAsync((token ?? "").Trim(), context.RequestAborted);
        if (found is null)
        {
            limits.CountFailure(context);
            return DashboardResults.Page<SignInPage, SignInView>(new SignInView("That token is unknown or revoked.", back), StatusCodes.Status401Unauthorized);
        }

        if (found.Role == ApiTokenRole.Ci)
        {
            return DashboardResults.Page<SignInPage, SignInView>(
                new SignInView("ci tokens only fetch credentials for their registries; sign in with an admin or member token.", back), StatusCodes.Status403Forbidden);
        }

        var principal = new ClaimsPrincipal(Caller.IdentityFor(found, BerthClaims.CookieScheme));
        await context.SignInAsync(BerthClaims.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect(back ?? "/registries");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IFormCollection form)
    {
        await context.SignOutAsync(BerthClaims.CookieScheme);
        return Results.Redirect("/signin");
    }

    /// <summary>A path on this site to return to after sign-in; anything else (another host, //host, \) is dropped.</summary>
    private static string? LocalPath(string? url) =>
        url is { Length: > 1 } u && u[0] == '/' && u[1] != '/' && u[1] != '\\' && !u.Contains("/\\", StringComparison.Ordinal) && Uri.IsWellFormedUriString(u, UriKind.Relative)
            ? u
            : null;

    /// <summary>Marks the dashboard's endpoints (HTML pages and their forms), as opposed to the API's.</summary>
    private sealed class DashboardEndpointMetadata;
}
