using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Providers;

/// <summary>
/// Harbor in front of a real registry, as a robot account (<c>robot$name</c>) meets it. From Harbor's API v2.0
/// documentation and its issues: the registry API passes through, except <c>/v2/_catalog</c>, which only a system
/// administrator may read (a robot gets 401 UNAUTHORIZED); <c>GET /api/v2.0/projects</c> and
/// <c>GET /api/v2.0/projects/{project_name}/repositories</c> answer JSON arrays paged with <c>page</c> (from 1) and
/// <c>page_size</c> (default 10, at most 100), with <c>X-Total-Count</c> and a relative
/// <c>Link: &lt;…&gt;; rel="prev" , &lt;…&gt;; rel="next"</c>; repository names carry their project
/// (<c>library/hello-world</c>); errors are <c>{"errors":[{"code":"UNAUTHORIZED","message":"…"}]}</c>.
/// Projects and repositories are what the registry holds (a project is a first path component).
/// </summary>
public sealed class FakeHarbor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RegistryForwarder _forwarder;
    private readonly RegistryCredentials _robot;
    private int _apiRequests;

    private FakeHarbor(WebApplication app, RegistryServer upstream, RegistryCredentials robot)
    {
        _app = app;
        _forwarder = new RegistryForwarder(upstream);
        _robot = robot;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => BaseUri.Authority;

    /// <summary>Requests to <c>/api/v2.0/</c> (pages served).</summary>
    public int ApiRequests => Volatile.Read(ref _apiRequests);

    /// <param name="upstream">The real registry, whose htpasswd knows <paramref name="robot"/>.</param>
    /// <param name="robot">The robot account, e.g. <c>robot$ci</c>, and its secret.</param>
    /// <param name="certificate">Serve HTTPS with this certificate (a private CA's, as self-hosted Harbors often have); null: plain HTTP.</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<FakeHarbor> StartAsync(RegistryServer upstream, RegistryCredentials robot, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null, CancellationToken ct = default)
    {
        var app = LoopbackWebServer.CreateBuilder(certificate).Build();
        var harbor = new FakeHarbor(app, upstream, robot);
        app.Run(harbor.HandleAsync);
        harbor.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        return harbor;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == "/v2/_catalog")
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"harbor\"";
            await ErrorAsync(context, 401, "UNAUTHORIZED", "unauthorized to list catalog: unauthorized to list catalog");
            return;
        }

        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path == "/v2")
        {
            await _forwarder.ForwardAsync(context, path + context.Request.QueryString);
            return;
        }

        if (!path.StartsWith("/api/v2.0/", StringComparison.Ordinal) || !HttpMethods.IsGet(context.Request.Method))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "not found");
            return;
        }

        Interlocked.Increment(ref _apiRequests);
        if (context.Request.Headers.Authorization.ToString() != "Basic " + _robot.ToBasicHeaderValue())
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "unauthorized");
            return;
        }

        var segments = path["/api/v2.0/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var repositories = await RegistryContent.RepositoriesAsync(_forwarder.Client, _robot, context.RequestAborted);
        var projects = repositories.Where(r => r.Contains('/', StringComparison.Ordinal)).Select(r => r[..r.IndexOf('/', StringComparison.Ordinal)]).Distinct().ToList();
        switch (segments)
        {
            case ["projects"]:
                await PageAsync(context, path, projects.Select((p, i) => (JsonNode)new JsonObject { ["project_id"] = i + 1, ["name"] = p, ["public"] = false }).ToList());
                return;
            case ["projects", var project, "repositories"]:
                if (!projects.Contains(project, StringComparer.Ordinal))
                {
                    await ErrorAsync(context, 404, "NOT_FOUND", $"project {project} not found");
                    return;
                }

                var projectId = projects.IndexOf(project) + 1;
                var items = repositories.Where(r => r.StartsWith(project + "/", StringComparison.Ordinal))
                    .Select((r, i) => (JsonNode)new JsonObject
                    {
                        ["id"] = (projectId * 1000) + i,
                        ["name"] = r,
                        ["project_id"] = projectId,
                        ["artifact_count"] = 1,
                        ["pull_count"] = 0,
                        ["creation_time"] = "2024-01-02T03:04:05.000Z",
                        ["update_time"] = "2024-01-02T03:04:05.000Z",
                    }).ToList();
                await PageAsync(context, path, items);
                return;
            default:
                await ErrorAsync(context, 404, "NOT_FOUND", "not found");
                return;
        }
    }

    private static async Task PageAsync(HttpContext context, string path, List<JsonNode> items)
    {
        var query = context.Request.Query;
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var size = int.TryParse(query["page_size"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? Math.Min(s, 100) : 10;
        var slice = items.Skip((page - 1) * size).Take(size).ToList();
        var links = new List<string>();
        if (page > 1)
        {
            links.Add(string.Create(CultureInfo.InvariantCulture, $"<{path}?page={page - 1}&page_size={size}>; rel=\"prev\""));
        }

        if (page * size < items.Count)
        {
            links.Add(string.Create(CultureInfo.InvariantCulture, $"<{path}?page={page + 1}&page_size={size}>; rel=\"next\""));
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(" , ", links);
        }

        context.Response.Headers["X-Total-Count"] = items.Count.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonArray([.. slice]).ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
        }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }
}
