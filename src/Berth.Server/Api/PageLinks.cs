using Berth.Connections.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Berth.Server.Api;

/// <summary>
/// Paging on the API's lists: <c>?limit=</c> and an opaque <c>?cursor=</c> in, the body stays the page's array and
/// <c>Link: &lt;…&gt;; rel="next"</c> / <c>rel="prev"</c> name the neighbouring pages (RFC 8288, as GitHub and
/// registries' <c>_catalog</c> do).
/// </summary>
internal static class PageLinks
{
    /// <summary>The page asked for, or a 400 naming <c>limit</c> or <c>cursor</c>.</summary>
    public static bool TryRead(string? limit, string? cursor, string list, out PageRequest page, out ValidationProblem? problem)
    {
        if (PageRequest.TryParse(limit, cursor, list, out page, out var field, out var error))
        {
            problem = null;
            return true;
        }

        problem = Problems.Invalid(field, error);
        return false;
    }

    /// <summary>Adds the Link header for the page's neighbours: this path and query with only the cursor replaced.</summary>
    public static void Write<T>(HttpContext http, Page<T> page)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(page);
        var links = new List<string>(2);
        if (page.Next is { } next)
        {
            links.Add($"<{Url(http, next)}>; rel=\"next\"");
        }

        if (page.Previous is { } previous)
        {
            links.Add($"<{Url(http, previous)}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }
    }

    /// <summary>The request's path and query with the cursor set to <paramref name="cursor"/> (a path-absolute reference).</summary>
    public static string Url(HttpContext http, PageCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(
            http.Request.Query.Where(q => !string.Equals(q.Key, "cursor", StringComparison.OrdinalIgnoreCase)).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "cursor", cursor.ToString() },
        };
        return http.Request.PathBase + http.Request.Path + query.ToQueryString();
    }
}
