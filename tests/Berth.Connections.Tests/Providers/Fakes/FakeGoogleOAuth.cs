using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Connections.Tests.Providers.Fakes;

/// <summary>
/// Google's OAuth2 token endpoint for the JWT-bearer grant. Verifies the assertion's RS256 signature with the
/// service account's public key and its claims (iss, scope, aud = this endpoint, iat/exp within an hour).
/// </summary>
public sealed class FakeGoogleOAuth : IAsyncDisposable
{
    public const string ClientEmail = "berth-reader@my-project-123456.iam.gserviceaccount.com";

    private readonly FakeServer _server;
    private readonly RSA _publicKey;
    private readonly TimeProvider _time;
    private int _issued;

    private FakeGoogleOAuth(FakeServer server, RSA publicKey, TimeProvider time)
    {
        _server = server;
        _publicKey = publicKey;
        _time = time;
    }

    public Uri TokenEndpoint => new(_server.BaseUri, "token");

    public int Issued => _issued;

    public List<string> Rejections { get; } = [];

    /// <summary>The last access token issued.</summary>
    public string? LastToken { get; private set; }

    public static async Task<FakeGoogleOAuth> StartAsync(RSA serviceAccountKey, TimeProvider time)
    {
        var publicKey = RSA.Create();
        publicKey.ImportRSAPublicKey(serviceAccountKey.ExportRSAPublicKey(), out _);
        FakeGoogleOAuth? fake = null;
        var server = await FakeServer.StartAsync(app => app.MapPost("/token", (HttpContext c) => fake!.HandleAsync(c)));
        fake = new FakeGoogleOAuth(server, publicKey, time);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        _publicKey.Dispose();
        await _server.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            await Error(context, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
            return;
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3)
        {
            await Error(context, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe");
            return;
        }

        using var header = JsonDocument.Parse(Decode(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            await Error(context, "invalid_grant", "Invalid JWT: alg must be RS256");
            return;
        }

        var valid = _publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (!valid)
        {
            await Error(context, "invalid_grant", "Invalid JWT Signature.");
            return;
        }

        using var claims = JsonDocument.Parse(Decode(parts[1]));
        var root = claims.RootElement;
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var iat = root.GetProperty("iat").GetInt64();
        var exp = root.GetProperty("exp").GetInt64();
        if (root.GetProperty("iss").GetString() != ClientEmail
            || root.GetProperty("scope").GetString() != "https://www.googleapis.com/auth/cloud-platform"
            || root.GetProperty("aud").GetString() != TokenEndpoint.ToString()
            || Math.Abs(iat - now) > 300 || exp <= iat || exp - iat > 3600)
        {
            await Error(context, "invalid_grant", "Invalid JWT: claims are wrong (iss, scope, aud, iat or exp)");
            return;
        }

        var n = Interlocked.Increment(ref _issued);
        LastToken = $"ya29.fake-access-token-{n}";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"access_token\":\"{LastToken}\",\"expires_in\":3599,\"token_type\":\"Bearer\"}}");
    }

    private async Task Error(HttpContext context, string code, string description)
    {
        Rejections.Add(description);
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = code, ["error_description"] = description }));
    }

    private static byte[] Decode(string part)
    {
        var text = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }

    /// <summary>A service-account key file for <paramref name="key"/>, as Google's console downloads it.</summary>
    public static string KeyJson(RSA key, string type = "service_account") => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = type,
        ["project_id"] = "my-project-123456",
        ["private_key_id"] = "0123456789abcdef0123456789abcdef01234567",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "123456789012345678901",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    });
}
