using System.Net;
using Berth.Connections.Tokens;
using Berth.Server.Tests.Browser;

namespace Berth.Server.Tests;

/// <summary>
/// Only failed authentications are throttled per client address; a valid token has its own generous quota, so a CI
/// fleet behind one address is never throttled by another caller's mistakes.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Two_thousand_requests_with_a_valid_token_from_one_address_are_never_throttled()
    {
        await using var server = await ServerHarness.StartAsync();
        using var client = server.Client(server.AdminToken);
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await client.GetAsync("api/v1/registries", ct);
            statuses.Add(response.StatusCode);
        });

        Assert.Equal(2000, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Failed_authentications_are_limited_per_address_while_a_valid_token_from_it_still_works()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { FailedAuthenticationsPerMinute = 5 });
        using var valid = server.Client(server.AdminToken);
        using var unknown = server.Client(ApiTokenSecret.Generate());
        using var malformed = server.Client(null);
        malformed.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46cGFzc3dvcmQ=");
        using var anonymous = server.Client(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await unknown.GetAsync("api/v1/registries");
            statuses.Add(response.StatusCode);
        }

        // A request without any token is no failed authentication: it does not count.
        using (var none = await anonymous.GetAsync("api/v1/registries"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using (var fifth = await malformed.GetAsync("api/v1/registries"))
        {
            statuses.Add(fifth.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses);
        using (var refused = await unknown.GetAsync("api/v1/registries"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var seconds = int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, 1, 60);
            var problem = await Json.ReadAsync(refused);
            Assert.Equal("failed-authentications", problem.GetProperty("limit").GetString());
            Assert.Equal(5, problem.GetProperty("permitsPerMinute").GetInt32());
            Assert.Contains("5 failed authentications per minute from 127.0.0.1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("BERTH_FAILED_AUTHENTICATIONS_PER_MINUTE", problem.GetProperty("setting").GetString(), StringComparison.Ordinal);
        }

        // The same address with a valid token is not throttled, however often.
        for (var i = 0; i < 20; i++)
        {
            using var ok = await valid.GetAsync("api/v1/registries");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The dashboard's sign-in form shares the address's failed attempts: refused before the token is even checked.
        using var dashboard = new DashboardClient(server.BaseUri);
        using var signIn = await dashboard.PostFormAsync("signin", "signin", new() { ["token"] = server.AdminToken! });
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.NotNull(signIn.Headers.RetryAfter);
        Assert.Contains("Too many failed sign-ins", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_dashboard_sign_ins_count_against_the_address()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { FailedAuthenticationsPerMinute = 3 });
        using var dashboard = new DashboardClient(server.BaseUri);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var signIn = await dashboard.PostFormAsync("signin", "signin", new() { ["token"] = ApiTokenSecret.Generate() });
            statuses.Add(signIn.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        using var api = server.Client(ApiTokenSecret.Generate());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.GetAsync("api/v1/registries")).StatusCode);
    }

    [Fact]
    public async Task A_token_over_its_quota_gets_429_with_retry_after_naming_the_limit_and_other_tokens_do_not()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { TokenRequestsPerMinute = 5 });
        using var busy = server.Client(server.AdminToken);
        using var other = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Member));
        for (var i = 0; i < 5; i++)
        {
            using var ok = await busy.GetAsync("api/v1/registries");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await busy.GetAsync("api/v1/registries");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var seconds = int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 12);
        var problem = await Json.ReadAsync(refused);
        Assert.Equal("token-requests", problem.GetProperty("limit").GetString());
        Assert.Contains("quota of 5 requests per minute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("BERTH_TOKEN_REQUESTS_PER_MINUTE", problem.GetProperty("setting").GetString(), StringComparison.Ordinal);

        using var fine = await other.GetAsync("api/v1/registries");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Theory]
    [InlineData("BERTH_TOKEN_REQUESTS_PER_MINUTE", "0", 0, 30)]
    [InlineData("BERTH_FAILED_AUTHENTICATIONS_PER_MINUTE", "7", 12_000, 7)]
    public void Limits_come_from_the_environment(string variable, string value, int quota, int failures)
    {
        var options = BerthServerOptions.FromArgs([], name => name == variable ? value : null);
        Assert.Equal(quota, options.TokenRequestsPerMinute);
        Assert.Equal(failures, options.FailedAuthenticationsPerMinute);
        var error = Assert.Throws<ArgumentException>(() => BerthServerOptions.FromArgs([], name => name == variable ? "-1" : null));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
