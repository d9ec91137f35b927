using System.Net;
using System.Text.RegularExpressions;

namespace Berth.Server.Tests.Browser;

/// <summary>Dashboard forms need the antiforgery token of the session that rendered them.</summary>
public sealed class CsrfTests
{
    [Fact]
    public async Task Form_posts_without_the_antiforgery_token_are_refused()
    {
        await using var server = await ServerHarness.StartAsync();
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseUri };

        // Sign-in itself is a protected form.
        using (var forged = await client.PostAsync("signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = server.AdminToken! })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        var form = await client.GetStringAsync("signin");
        var csrf = Regex.Match(form, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(csrf);
        using (var signIn = await client.PostAsync("signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = server.AdminToken!, ["__csrf"] = csrf })))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("berth_session=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }

        // Signed in, a cross-site style post without the token changes nothing.
        using var add = await client.PostAsync("registries/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["type"] = "generic", ["name"] = "forged", ["url"] = "http://127.0.0.1:5000",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, add.StatusCode);
        Assert.Contains("Form expired", await add.Content.ReadAsStringAsync());
        var org = await server.Server.Stores.Connections.GetOrganizationAsync("default", CancellationToken.None);
        Assert.Empty(await server.Server.Stores.Connections.ListConnectionsAsync(org!.Id, CancellationToken.None));
    }
}
