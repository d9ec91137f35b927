using System.Text;
using Berth.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace Berth.Server.Dashboard;

/// <summary>The dashboard's layout: navigation, the signed-in token, and a body; sent with a strict content security policy.</summary>
internal static class Page
{
    public static IResult Render(HttpContext context, string title, string body, Caller? caller = null, string active = "", int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Html.E(title)} · Berth</title>
            <link rel="stylesheet" href="/static/berth.css">
            <script src="/static/berth.js" defer></script>
            </head>
            <body>
            <header class="top">
              <a class="brand" href="/">⚓ Berth</a>
            """);
        if (caller is not null)
        {
            html.Append($"""
                  <nav>
                    <a href="/registries"{(active == "registries" ? " aria-current=\"page\"" : "")}>Registries</a>
                    <a href="/images"{(active == "images" ? " aria-current=\"page\"" : "")}>Images</a>
                    <a href="/docs">API</a>
                  </nav>
                  <form method="post" action="/signout" class="signout">
                    {Csrf(context)}
                    <span class="who">{Html.E(caller.Role.ToString().ToLowerInvariant())} token {Html.E(caller.TokenId.ToString("D")[..8])}</span>
                    <button type="submit" class="link">Sign out</button>
                  </form>
                """);
        }

        html.Append($"""
            </header>
            <main>
            <h1>{Html.E(title)}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The hidden antiforgery field every dashboard form carries.</summary>
    public static string Csrf(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
    }
}
