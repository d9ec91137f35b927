using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// A Docker token server on 127.0.0.1 (Distribution's "token authentication" protocol). It signs JWTs with a
/// self-signed certificate that the registry lists as its <c>rootcertbundle</c>, and puts that certificate in the
/// JWT header's <c>x5c</c>: Distribution 2.8 verifies the <c>x5c</c> chain against the bundle, then
/// <c>iss</c>, <c>aud</c> (= the service), <c>exp</c>/<c>nbf</c> (60 s leeway) and the signature, and finally
/// authorises the request from the <c>access</c> claim — so what this issuer leaves out, the registry refuses.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TempDirectory directory;
    private readonly X509Certificate2 signingCertificate;
    private readonly AsymmetricAlgorithm signingKey;
    private readonly ConcurrentQueue<TokenRequestRecord> requests = new();
    private readonly ConcurrentDictionary<string, string> refreshTokens = new(StringComparer.Ordinal);
    private int tokenRequests;

    private TokenIssuer(TokenIssuerOptions options, WebApplication app, TempDirectory directory, X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        Options = options;
        this.app = app;
        this.directory = directory;
        signingCertificate = certificate;
        signingKey = key;
        SigningCertificatePem = certificate.ExportCertificatePem();
        SigningCertificatePath = directory.Combine("token-signing.crt");
        File.WriteAllText(SigningCertificatePath, SigningCertificatePem);
    }

    public TokenIssuerOptions Options { get; }

    /// <summary>Base URI, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The token endpoint, <see cref="BaseUri"/> + <c>token</c>; the registry's <c>auth.token.realm</c>.</summary>
    public string Realm => new Uri(BaseUri, "token").ToString();

    /// <summary>The JWT <c>iss</c> value (<see cref="TokenIssuerOptions.IssuerName"/>).</summary>
    public string IssuerName => Options.IssuerName;

    /// <summary>PEM of the self-signed signing certificate.</summary>
    public string SigningCertificatePem { get; }

    /// <summary>File holding <see cref="SigningCertificatePem"/>; the registry's <c>rootcertbundle</c>.</summary>
    public string SigningCertificatePath { get; }

    /// <summary>Number of token requests (GET and POST, successful or not) since start or <see cref="ResetCounters"/>.</summary>
    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>Every request in arrival order.</summary>
    public IReadOnlyList<TokenRequestRecord> Requests => [.. requests];

    /// <summary>All <c>scope</c> values requested, flattened in arrival order.</summary>
    public IReadOnlyList<string> RequestedScopes => [.. requests.SelectMany(r => r.Scopes)];

    public void ResetCounters()
    {
        requests.Clear();
        Interlocked.Exchange(ref tokenRequests, 0);
    }

    public static async Task<TokenIssuer> StartAsync(TokenIssuerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = new TempDirectory("berth-token-issuer");
        var (certificate, key) = CreateSigningCertificate(options.SigningAlgorithm, options.IssuerName);
        var builder = LoopbackWebServer.CreateBuilder();
        var app = builder.Build();
        var issuer = new TokenIssuer(options, app, directory, certificate, key);
        app.MapGet("/token", (Func<HttpContext, IResult>)issuer.HandleGet);
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)issuer.HandlePostAsync);
        try
        {
            issuer.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }
        return issuer;
    }

    /// <summary>
    /// Signs a token directly, bypassing the ACL: for tests that need expired, not-yet-valid or over-privileged tokens.
    /// </summary>
    public string CreateToken(string? subject, string audience, IEnumerable<ResourceAccess> access, TimeSpan? lifetime = null, DateTimeOffset? notBefore = null)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = Options.SigningAlgorithm.ToString(),
            ["x5c"] = new JsonArray(Convert.ToBase64String(signingCertificate.RawData)),
        };
        var accessArray = new JsonArray();
        foreach (var entry in access)
        {
            accessArray.Add(new JsonObject
            {
                ["type"] = entry.Type,
                ["name"] = entry.Name,
                ["actions"] = new JsonArray([.. entry.Actions.Select(a => (JsonNode)JsonValue.Create(a))]),
            });
        }
        var claims = new JsonObject
        {
            ["iss"] = Options.IssuerName,
            ["sub"] = subject ?? "",
            ["aud"] = audience,
            ["exp"] = (now + (lifetime ?? Options.ExpiresIn)).ToUnixTimeSeconds(),
            ["nbf"] = (notBefore ?? now.AddSeconds(-1)).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            ["access"] = accessArray,
        };
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))
            + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = signingKey switch
        {
            // JWS wants the raw r||s form, which is .NET's default (IEEE P1363) for ECDsa.SignData.
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256),
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("Unsupported signing key."),
        };
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The intersection of <paramref name="requested"/> with what <paramref name="user"/>'s grants allow.</summary>
    public IReadOnlyList<ResourceAccess> Authorize(string user, IEnumerable<ResourceAccess> requested)
    {
        var grants = Options.Grants.TryGetValue(user, out var g) ? g : [];
        var result = new List<ResourceAccess>();
        foreach (var scope in requested)
        {
            var matching = grants.Where(x => x.Matches(scope.Type, scope.Name)).ToList();
            var allowed = scope.Actions.Where(a => matching.Any(m => m.Allows(a))).Distinct(StringComparer.Ordinal).ToList();
            result.Add(scope with { Actions = allowed });
        }
        return result;
    }

    private IResult HandleGet(HttpContext context)
    {
        Interlocked.Increment(ref tokenRequests);
        var query = context.Request.Query;
        var service = (string?)query["service"];
        var scopes = query["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        var header = (string?)context.Request.Headers.Authorization;

        string user;
        if (string.IsNullOrEmpty(header))
        {
            if (!Options.AllowAnonymous)
            {
                Record("GET", null, service, scopes, null, 401, []);
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
                return Unauthorized("authentication required");
            }
            user = TokenIssuerOptions.AnonymousUser;
        }
        else if (!TryBasic(header, out var name, out var password) || !CheckPassword(name, password))
        {
            Record("GET", name, service, scopes, null, 401, []);
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
            return Unauthorized("incorrect username or password");
        }
        else
        {
            user = name;
        }

        if (!TryParseScopes(scopes, out var requested))
        {
            Record("GET", NullIfAnonymous(user), service, scopes, null, 400, []);
            return BadRequest("invalid scope");
        }
        var granted = Authorize(user, requested);
        var token = CreateToken(user, service ?? "", granted);
        Record("GET", NullIfAnonymous(user), service, scopes, null, 200, granted);

        var now = DateTimeOffset.UtcNow;
        var body = new JsonObject();
        if (Options.ResponseField is TokenResponseField.Token or TokenResponseField.Both)
        {
            body["token"] = token;
        }
        if (Options.ResponseField is TokenResponseField.AccessToken or TokenResponseField.Both)
        {
            body["access_token"] = token;
        }
        if (!Options.OmitExpiresIn)
        {
            body["expires_in"] = (int)Options.ExpiresIn.TotalSeconds;
        }
        if (!Options.OmitIssuedAt)
        {
            body["issued_at"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (string.Equals(query["offline_token"], "true", StringComparison.OrdinalIgnoreCase) && user.Length > 0)
        {
            body["refresh_token"] = NewRefreshToken(user);
        }
        return Results.Text(body.ToJsonString(), "application/json", statusCode: 200);
    }

    private async Task<IResult> HandlePostAsync(HttpContext context)
    {
        Interlocked.Increment(ref tokenRequests);
        if (!Options.EnableOAuthPost || !context.Request.HasFormContentType)
        {
            Record("POST", null, null, [], null, 404, []);
            return Results.NotFound();
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var grantType = (string?)form["grant_type"];
        var service = (string?)form["service"];
        var scopes = form["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        string user;
        var withRefresh = false;
        switch (grantType)
        {
            case "password":
                var name = (string?)form["username"] ?? "";
                if (!CheckPassword(name, (string?)form["password"] ?? ""))
                {
                    Record("POST", name, service, scopes, grantType, 401, []);
                    return Unauthorized("incorrect username or password");
                }
                user = name;
                withRefresh = string.Equals(form["access_type"], "offline", StringComparison.Ordinal);
                break;
            case "refresh_token":
                if (!refreshTokens.TryGetValue((string?)form["refresh_token"] ?? "", out var owner))
                {
                    Record("POST", null, service, scopes, grantType, 401, []);
                    return Unauthorized("invalid refresh token");
                }
                user = owner;
                break;
            default:
                Record("POST", null, service, scopes, grantType, 400, []);
                return Results.Text("{\"error\":\"unsupported_grant_type\"}", "application/json", statusCode: 400);
        }

        if (!TryParseScopes(scopes, out var requested))
        {
            Record("POST", user, service, scopes, grantType, 400, []);
            return BadRequest("invalid scope");
        }
        var granted = Authorize(user, requested);
        var token = CreateToken(user, service ?? "", granted);
        Record("POST", user, service, scopes, grantType, 200, granted);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["scope"] = string.Join(' ', scopes),
        };
        if (!Options.OmitExpiresIn)
        {
            body["expires_in"] = (int)Options.ExpiresIn.TotalSeconds;
        }
        if (!Options.OmitIssuedAt)
        {
            body["issued_at"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (withRefresh)
        {
            body["refresh_token"] = NewRefreshToken(user);
        }
        return Results.Text(body.ToJsonString(), "application/json", statusCode: 200);
    }

    private string NewRefreshToken(string user)
    {
        var refresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        refreshTokens[refresh] = user;
        return refresh;
    }

    private bool CheckPassword(string user, string password) =>
        Options.Users.TryGetValue(user, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password));

    private static bool TryBasic(string header, out string user, out string password)
    {
        user = "";
        password = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryParseScopes(IEnumerable<string> scopes, out List<ResourceAccess> parsed)
    {
        parsed = [];
        try
        {
            parsed.AddRange(scopes.Select(ResourceAccess.ParseScope));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? NullIfAnonymous(string user) => user.Length == 0 ? null : user;

    private void Record(string method, string? user, string? service, IReadOnlyList<string> scopes, string? grantType, int status, IReadOnlyList<ResourceAccess> granted) =>
        requests.Enqueue(new TokenRequestRecord(method, user, service, scopes, grantType, status, granted));

    private static IResult Unauthorized(string message) => Error(401, "UNAUTHORIZED", message);

    private static IResult BadRequest(string message) => Error(400, "UNSUPPORTED", message);

    private static IResult Error(int status, string code, string message)
    {
        var body = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
        };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }

    private static (X509Certificate2 Certificate, AsymmetricAlgorithm Key) CreateSigningCertificate(TokenSigningAlgorithm algorithm, string issuer)
    {
        var now = DateTimeOffset.UtcNow;
        var subject = $"CN={issuer} token signing, O=Berth tests";
        if (algorithm == TokenSigningAlgorithm.RS256)
        {
            var rsa = RSA.Create(2048);
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            return (request.CreateSelfSigned(now.AddHours(-1), now.AddDays(7)), rsa);
        }
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecRequest = new CertificateRequest(subject, ec, HashAlgorithmName.SHA256);
        ecRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        return (ecRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(7)), ec);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        await app.DisposeAsync();
        signingCertificate.Dispose();
        signingKey.Dispose();
        directory.Dispose();
    }
}
