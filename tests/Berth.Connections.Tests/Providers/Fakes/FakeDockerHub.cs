using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Connections.Tests.Providers.Fakes;

/// <summary>
/// Docker Hub's API: <c>POST /v2/users/login</c> checks username and token and returns a JWT;
/// <c>GET /v2/repositories/{ns}/</c> requires that JWT and pages its results (2 per page) with absolute
/// <c>next</c> links, as the Hub does.
/// </summary>
public sealed class FakeDockerHub : IAsyncDisposable
{
    public const string Username = "porter1";
    public const string Token = "dckr_pat_fake0123456789abcdef";
    private const string Jwt = "hub.jwt.fake-session";
    private const int PerPage = 2;

    private readonly FakeServer _server;
    private readonly Dictionary<string, string[]> _repositories;

    private FakeDockerHub(FakeServer server, Dictionary<string, string[]> repositories)
    {
        _server = server;
        _repositories = repositories;
    }

    public Uri ApiBase => _server.BaseUri;

    public int Logins { get; private set; }

    public int Pages { get; private set; }

    public static async Task<FakeDockerHub> StartAsync(Dictionary<string, string[]> repositories)
    {
        FakeDockerHub? fake = null;
        var server = await FakeServer.StartAsync(app =>
        {
            app.MapPost("/v2/users/login", (HttpContext c) => fake!.LoginAsync(c));
            app.MapGet("/v2/repositories/{ns}/", (HttpContext c, string ns) => fake!.ListAsync(c, ns));
        });
        fake = new FakeDockerHub(server, repositories);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task LoginAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var user = body.RootElement.GetProperty("username").GetString();
        var password = body.RootElement.GetProperty("password").GetString();
        if (user != Username || password != Token)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"detail\":\"Incorrect authentication credentials\"}");
            return;
        }

        Logins++;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"token\":\"{Jwt}\"}}");
    }

    private async Task ListAsync(HttpContext context, string ns)
    {
        if (context.Request.Headers.Authorization != "Bearer " + Jwt)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"detail\":\"Authentication credentials were not provided.\"}");
            return;
        }

        if (context.Request.Query["page_size"] != "100" || !_repositories.TryGetValue(ns, out var names))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"message\":\"object not found\"}");
            return;
        }

        Pages++;
        var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
        var slice = names.Skip((page - 1) * PerPage).Take(PerPage).ToArray();
        string? next = page * PerPage < names.Length ? new Uri(_server.BaseUri, $"v2/repositories/{ns}/?page={page + 1}&page_size=100").ToString() : null;
        var result = new Dictionary<string, object?>
        {
            ["count"] = names.Length,
            ["next"] = next,
            ["previous"] = null,
            ["results"] = slice.Select(n => new Dictionary<string, object> { ["name"] = n, ["namespace"] = ns, ["is_private"] = true }).ToArray(),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(result));
    }
}
