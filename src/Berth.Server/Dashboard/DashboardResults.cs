using Berth.Server.Auth;
using Berth.Server.Dashboard.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Dashboard;

/// <summary>
/// Renders a page component on the server (static rendering: the framework encodes every value) and sends it
/// with the dashboard's headers: a strict content security policy, no sniffing, no caching.
/// </summary>
internal static class DashboardResults
{
    public static IResult Page<TPage, TModel>(TModel model, int status = StatusCodes.Status200OK)
        where TPage : IComponent, IDashboardPage<TModel> =>
        new PageResult(new RazorComponentResult<TPage>(new Dictionary<string, object?> { [nameof(IDashboardPage<TModel>.Model)] = model }) { StatusCode = status });

    /// <summary>A short page that only says something: not allowed, not found, form expired.</summary>
    public static IResult Message(Caller? caller, string title, string message, int status, string active = "", string? backHref = null, string? backText = null) =>
        Page<MessagePage, MessageView>(new MessageView(caller, title, message, active, backHref, backText), status);

    public static IResult Forbidden(Caller? caller) =>
        Message(caller, "Not allowed", "This token's role does not allow that page: registries are managed, tokens issued and the audit log read with an admin token.", StatusCodes.Status403Forbidden, backHref: "/registries", backText: "Back to registries");

    public static IResult FormExpired(Caller? caller) =>
        Message(caller, "Form expired", "This form was not issued by this dashboard session (or expired). Go back, reload the page and try again.", StatusCodes.Status400BadRequest);

    private sealed class PageResult(RazorComponentResult page) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => page.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "same-origin";
            return page.ExecuteAsync(httpContext);
        }
    }
}
