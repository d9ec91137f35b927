using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Testing.Tests;

public sealed class TokenAuthTests
{
    private static TokenIssuerOptions IssuerOptions(TokenSigningAlgorithm algorithm) => new()
    {
        SigningAlgorithm = algorithm,
        Users = new Dictionary<string, string> { ["reader"] = "read-pw", ["writer"] = "write-pw" },
        Grants = new Dictionary<string, IReadOnlyList<AccessGrant>>
        {
            ["reader"] = [new AccessGrant("*", "pull")],
            ["writer"] = [new AccessGrant("team/*", "*"), AccessGrant.Catalog],
        },
    };

    [Theory]
    [InlineData(TokenSigningAlgorithm.ES256)]
    [InlineData(TokenSigningAlgorithm.RS256)]
    public async Task Registry_verifies_issued_jwts_and_enforces_their_scopes(TokenSigningAlgorithm algorithm)
    {
        await using var issuer = await TokenIssuer.StartAsync(IssuerOptions(algorithm));
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = issuer });
        using var client = registry.CreateHttpClient();

        using (var challenge = await client.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            var header = challenge.Headers.WwwAuthenticate.Single();
            Assert.Equal("Bearer", header.Scheme);
            Assert.Contains($"realm=\"{issuer.BaseUri}token\"", header.Parameter, StringComparison.Ordinal);
            Assert.Contains("service=\"berth-test-registry\"", header.Parameter, StringComparison.Ordinal);
        }

        // reader asks for pull+push: the token carries only pull, and the registry refuses the upload.
        var readerToken = await GetTokenAsync(issuer, "reader", "read-pw", "repository:team/app:pull,push");
        var readerAccess = DecodeAccess(readerToken);
        Assert.Equal(["team/app:pull"], readerAccess);
        using (var denied = await StartUploadAsync(client, "team/app", readerToken))
        {
            Assert.Contains(denied.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
            var body = await denied.Content.ReadAsStringAsync();
            Assert.True(body.Contains("DENIED", StringComparison.Ordinal) || body.Contains("UNAUTHORIZED", StringComparison.Ordinal), body);
        }

        // writer gets pull+push on team/* and the same upload is accepted.
        var writerToken = await GetTokenAsync(issuer, "writer", "write-pw", "repository:team/app:pull,push");
        Assert.Equal(["team/app:pull,push"], DecodeAccess(writerToken));
        using (var accepted = await StartUploadAsync(client, "team/app", writerToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.NotNull(accepted.Headers.Location);
        }

        // writer outside team/*: nothing granted, upload refused.
        var outsideToken = await GetTokenAsync(issuer, "writer", "write-pw", "repository:other/app:pull,push");
        Assert.Equal(["other/app:"], DecodeAccess(outsideToken));
        using (var outside = await StartUploadAsync(client, "other/app", outsideToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, outside.StatusCode);
        }

        Assert.Equal(3, issuer.TokenRequests);
        Assert.Equal(["repository:team/app:pull,push", "repository:team/app:pull,push", "repository:other/app:pull,push"], issuer.RequestedScopes);
        Assert.Equal(["reader", "writer", "writer"], issuer.Requests.Select(r => r.Username));
    }

    [Fact]
    public async Task Registry_refuses_expired_tokens_and_tokens_signed_by_an_untrusted_key()
    {
        await using var issuer = await TokenIssuer.StartAsync(IssuerOptions(TokenSigningAlgorithm.ES256));
        // Same issuer name, different key: only the signature tells them apart.
        await using var impostor = await TokenIssuer.StartAsync(IssuerOptions(TokenSigningAlgorithm.ES256));
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = issuer });
        using var client = registry.CreateHttpClient();
        ResourceAccess[] push = [new("repository", "team/app", ["pull", "push"])];

        var cases = new (string Name, string Token, HttpStatusCode Expected)[]
        {
            ("valid", issuer.CreateToken("writer", "berth-test-registry", push), HttpStatusCode.Accepted),
            // Distribution allows 60 s of clock skew, so expire well beyond it.
            ("expired", issuer.CreateToken("writer", "berth-test-registry", push, lifetime: TimeSpan.FromMinutes(-5)), HttpStatusCode.Unauthorized),
            ("not yet valid", issuer.CreateToken("writer", "berth-test-registry", push, notBefore: DateTimeOffset.UtcNow.AddMinutes(5)), HttpStatusCode.Unauthorized),
            ("wrong audience", issuer.CreateToken("writer", "another-service", push), HttpStatusCode.Unauthorized),
            ("untrusted key", impostor.CreateToken("writer", "berth-test-registry", push), HttpStatusCode.Unauthorized),
        };
        foreach (var (name, token, expected) in cases)
        {
            using var response = await StartUploadAsync(client, "team/app", token);
            Assert.True(expected == response.StatusCode, $"{name}: expected {expected}, got {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Issuer_answers_wrong_passwords_and_anonymous_requests_per_the_protocol()
    {
        await using var issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { ["reader"] = "read-pw" },
            AllowAnonymous = true,
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>>
            {
                [TokenIssuerOptions.AnonymousUser] = [new AccessGrant("public/*", "pull")],
                ["reader"] = [new AccessGrant("*", "pull")],
            },
            ResponseField = TokenResponseField.AccessToken,
            OmitIssuedAt = true,
            ExpiresIn = TimeSpan.FromSeconds(120),
        });
        using var http = new HttpClient { BaseAddress = issuer.BaseUri };

        using (var request = new HttpRequestMessage(HttpMethod.Get, "token?service=s&scope=repository:a:pull"))
        {
            request.Headers.Authorization = Basic("reader", "nope");
            using var wrong = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var json = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync());
            Assert.Equal("UNAUTHORIZED", json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        using (var anonymous = await http.GetAsync("token?service=s&scope=repository:public/x:pull,push&scope=repository:private/y:pull"))
        {
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
            using var json = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
            Assert.False(json.RootElement.TryGetProperty("token", out _));
            Assert.False(json.RootElement.TryGetProperty("issued_at", out _));
            Assert.Equal(120, json.RootElement.GetProperty("expires_in").GetInt32());
            var token = json.RootElement.GetProperty("access_token").GetString()!;
            Assert.Equal(["public/x:pull", "private/y:"], DecodeAccess(token));
            Assert.Equal("s", DecodeClaims(token).GetProperty("aud").GetString());
        }

        // OAuth2 password grant with a refresh token, then the refresh grant.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "reader", ["password"] = "read-pw",
            ["service"] = "s", ["scope"] = "repository:a:pull repository:b:push", ["access_type"] = "offline", ["client_id"] = "berth",
        });
        using var posted = await http.PostAsync("token", form);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var postJson = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Equal(["a:pull", "b:"], DecodeAccess(postJson.RootElement.GetProperty("access_token").GetString()!));
        var refresh = postJson.RootElement.GetProperty("refresh_token").GetString()!;

        using var refreshForm = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["service"] = "s", ["scope"] = "repository:c:pull",
        });
        using var refreshed = await http.PostAsync("token", refreshForm);
        using var refreshJson = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        Assert.Equal("reader", DecodeClaims(refreshJson.RootElement.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());

        Assert.Equal(4, issuer.TokenRequests);
        Assert.Equal([401, 200, 200, 200], issuer.Requests.Select(r => r.StatusCode));
        Assert.Equal([null, null, "password", "refresh_token"], issuer.Requests.Select(r => r.GrantType));
    }

    [Fact]
    public async Task Jwt_header_carries_x5c_of_the_signing_certificate()
    {
        await using var issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions());
        var token = issuer.CreateToken("u", "svc", []);
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[0])).RootElement;
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        var der = Convert.FromBase64String(header.GetProperty("x5c")[0].GetString()!);
        using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(issuer.SigningCertificatePem);
        Assert.Equal(pem.RawData, der);
        var claims = DecodeClaims(token);
        Assert.Equal("berth-test-issuer", claims.GetProperty("iss").GetString());
        Assert.InRange(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), 299, 301);
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
    }

    private static async Task<string> GetTokenAsync(TokenIssuer issuer, string user, string password, params string[] scopes)
    {
        using var http = new HttpClient();
        var url = $"{issuer.Realm}?service=berth-test-registry" + string.Concat(scopes.Select(s => "&scope=" + Uri.EscapeDataString(s)));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = Basic(user, password);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(300, json.RootElement.GetProperty("expires_in").GetInt32());
        Assert.True(DateTimeOffset.TryParse(json.RootElement.GetProperty("issued_at").GetString(), out _));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<HttpResponseMessage> StartUploadAsync(HttpClient client, string repository, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static JsonElement DecodeClaims(string token) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;

    private static string[] DecodeAccess(string token) =>
        [.. DecodeClaims(token).GetProperty("access").EnumerateArray()
            .Select(a => $"{a.GetProperty("name").GetString()}:{string.Join(',', a.GetProperty("actions").EnumerateArray().Select(x => x.GetString()))}")];
}
