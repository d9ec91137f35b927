using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Connections.Tests.Providers.Fakes;

/// <summary>
/// Azure AD's client-credentials token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>) and an ACR registry's
/// <c>/oauth2/exchange</c> on one loopback server. Checks tenant, client id, secret and scope, then that the
/// exchange carries the AAD token it issued, the registry as service and the same tenant.
/// </summary>
public sealed class FakeAzure : IAsyncDisposable
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ClientId = "5e0b1b0c-1111-4c2a-9a43-0123456789ab";
    public const string ClientSecret = "fake~client~secret~0123456789";

    private readonly FakeServer _server;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _aadTokens = [];
    private int _exchanges;

    private FakeAzure(FakeServer server, TimeProvider time)
    {
        _server = server;
        _time = time;
    }

    /// <summary>Authority URL (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Authority => _server.BaseUri;

    /// <summary>The registry URL to connect (<c>http://127.0.0.1:PORT</c>).</summary>
    public string RegistryUrl => "http://" + _server.Authority;

    public int Exchanges => _exchanges;

    public string? LastRefreshToken { get; private set; }

    public DateTimeOffset? LastRefreshTokenExpiry { get; private set; }

    public static async Task<FakeAzure> StartAsync(TimeProvider time)
    {
        FakeAzure? fake = null;
        var server = await FakeServer.StartAsync(app =>
        {
            app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext c, string tenant) => fake!.TokenAsync(c, tenant));
            app.MapPost("/oauth2/exchange", (HttpContext c) => fake!.ExchangeAsync(c));
        });
        fake = new FakeAzure(server, time);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync();
        if (tenant != Tenant)
        {
            await Error(context, 400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.");
            return;
        }

        if (form["grant_type"] != "client_credentials" || form["scope"] != "https://containerregistry.azure.net/.default")
        {
            await Error(context, 400, "invalid_request", "AADSTS900144: grant_type or scope is wrong.");
            return;
        }

        if (form["client_id"] != ClientId)
        {
            await Error(context, 400, "unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory.");
            return;
        }

        if (form["client_secret"] != ClientSecret)
        {
            await Error(context, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
            return;
        }

        var token = "aad-" + Guid.NewGuid().ToString("N");
        lock (_aadTokens)
        {
            _aadTokens.Add(token);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"{token}\"}}");
    }

    private async Task ExchangeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        bool known;
        lock (_aadTokens)
        {
            known = _aadTokens.Contains(form["access_token"].ToString());
        }

        if (form["grant_type"] != "access_token" || form["service"] != _server.Authority || form["tenant"] != Tenant || !known)
        {
            await Error(context, 401, "unauthorized", "the access token, tenant or service is not accepted");
            return;
        }

        Interlocked.Increment(ref _exchanges);
        var exp = _time.GetUtcNow().AddHours(3);
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["aud"] = _server.Authority,
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["grant_type"] = "refresh_token",
        });
        LastRefreshToken = B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + B64(payload) + ".fakesignature";
        LastRefreshTokenExpiry = DateTimeOffset.FromUnixTimeSeconds(exp.ToUnixTimeSeconds());
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"refresh_token\":\"{LastRefreshToken}\"}}");
    }

    private static async Task Error(HttpContext context, int status, string code, string description)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = code, ["error_description"] = description }));
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
