using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Berth.Distribution;

namespace Berth.Connections.Providers;

/// <summary>
/// Harbor robot accounts (<c>robot$name</c>) may not read <c>_catalog</c>, so repositories come from Harbor's own
/// API on the registry host: <c>/api/v2.0/projects/{project}/repositories</c> for the project in the connection URL,
/// or for every project the account sees (<c>/api/v2.0/projects</c>), paged with <c>page</c>/<c>page_size</c> and
/// followed through <c>Link: &lt;…&gt;; rel="next"</c>.
/// </summary>
internal static class HarborRepositoryLister
{
    private const string Service = "Harbor API";
    private const int PageSize = 100;

    public static async IAsyncEnumerable<string> ListAsync(Connection connection, RegistryUrl url, string username, string password, ProviderContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scheme = url.Scheme ?? (connection.Options.Insecure || url.Host.IsLoopback ? "http" : "https");
        var api = new Uri($"{scheme}://{url.Host.ApiHost}/");
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));
        // Harbor's API is on the registry's host: it trusts the connection's CA bundle as the registry transport does.
        using var http = context.CreateHttpClient(connection);
        var projects = new List<string>();
        if (url.HasPath)
        {
            projects.Add(url.PathComponents[0]);
        }
        else
        {
            await foreach (var project in PagesAsync(http, api, "api/v2.0/projects", basic, username, "the projects", cancellationToken).ConfigureAwait(false))
            {
                if (ProviderHttp.String(project, "name") is { Length: > 0 } name)
                {
                    projects.Add(name);
                }
            }
        }

        var prefix = url.PathComponents.Count > 1 ? url.Path + "/" : null;
        foreach (var project in projects)
        {
            await foreach (var repository in PagesAsync(http, api, $"api/v2.0/projects/{Uri.EscapeDataString(project)}/repositories", basic, username,
                $"the repositories of project {project}", cancellationToken).ConfigureAwait(false))
            {
                // Harbor names repositories with their project: library/hello-world.
                if (ProviderHttp.String(repository, "name") is { Length: > 0 } name && (prefix is null || name.StartsWith(prefix, StringComparison.Ordinal) || name == url.Path))
                {
                    yield return name;
                }
            }
        }
    }

    private static async IAsyncEnumerable<JsonElement> PagesAsync(HttpClient http, Uri api, string path, AuthenticationHeaderValue basic, string username, string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = new(api, path + string.Create(CultureInfo.InvariantCulture, $"?page=1&page_size={PageSize}"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; next is not null; page++)
        {
            if (page >= ListingHttp.MaxPages || !seen.Add(next.PathAndQuery))
            {
                throw new RepositoryListingException($"the {Service} kept sending pages (or repeated one) while listing {what}; stopped");
            }

            ListingHttp.RequireSameOrigin(next, api, Service, what);
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = basic;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await ListingHttp.SendAsync(http, request, Service, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RepositoryListingException(
                    $"the {Service} at {api.GetLeftPart(UriPartial.Authority)} refused to list {what} for {username} ({(int)response.StatusCode}{HarborError(body)}); "
                    + "give the robot account the 'list repository' permission on the project, or put the project in the connection URL (HOST/PROJECT)",
                    (int)response.StatusCode);
            }

            using var document = ListingHttp.Parse(body, Service, what);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new RepositoryListingException($"the {Service} answered {what} with something that is not a JSON array");
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                yield return item.Clone();
            }

            next = LinkHeader.Next(response, next);
        }
    }

    /// <summary>Harbor's error shape: <c>{"errors":[{"code":"FORBIDDEN","message":"…"}]}</c>.</summary>
    private static string HarborError(byte[] body)
    {
        var errors = Berth.Errors.RegistryErrorParser.Parse(body);
        return errors.Count == 0 ? "" : " " + string.Join("; ", errors.Select(e => e.ToString()));
    }
}
