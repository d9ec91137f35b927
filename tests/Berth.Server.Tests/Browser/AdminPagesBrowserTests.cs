using System.Net;
using System.Net.Http.Json;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Testing;
using OpenQA.Selenium;

namespace Berth.Server.Tests.Browser;

/// <summary>
/// The pages an admin expects beside Registries and Images, driven in Debian's chromium against a real server and
/// real registries: API tokens, the audit log, copy jobs and a registry's detail page; members are refused the
/// admin pages; no page ever holds a registry password or, after its one-time page, a token's text.
/// </summary>
public sealed class AdminPagesBrowserTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Admin_creates_a_ci_token_sees_it_once_finds_it_listed_and_revokes_it()
    {
        await using var server = await ServerHarness.StartAsync();
        await AddRegistryAsync(server, "local-registry");
        using var browser = new ChromiumSession();
        var sources = new List<string>();
        browser.SignIn(server.BaseUri, server.AdminToken!);

        browser.ClickAndLoad("#nav-tokens");
        Assert.Equal("/tokens", new Uri(browser.Driver.Url).AbsolutePath);
        browser.Find("#token-role option[value='ci']").Click();
        browser.Find("#token-connections option[value='local-registry']").Click();
        browser.Find("#token-description").SendKeys("deploy pipeline");
        browser.ClickAndLoad("#create-token");

        // Shown once, with a copy button; it is a real ci token for exactly that registry.
        var secret = browser.WaitFor("#new-token").Text;
        Assert.Matches("^berth_[A-Za-z0-9_-]{43}$", secret);
        Assert.Contains("Copy this token now", browser.Find("main").Text);
        browser.Find("#copy-token").Click();
        browser.WaitFor("#copy-token[data-copied='true']");
        browser.Screenshot("09-token-created");
        var token = await server.Server.Stores.Tokens.AuthenticateAsync(secret, CancellationToken.None);
        Assert.NotNull(token);
        Assert.Equal(ApiTokenRole.Ci, token.Role);
        Assert.Equal(["local-registry"], token.Connections);
        Assert.Equal("deploy pipeline", token.Description);

        // Listed (never with its text); reloading the list does not show it again.
        browser.ClickAndLoad("#done");
        var row = browser.WaitFor($"tr[data-token-id='{token.Id:D}']");
        Assert.Equal("ci", row.FindElement(By.CssSelector(".role")).Text);
        Assert.Equal("local-registry", row.FindElement(By.CssSelector(".connections")).Text);
        Assert.Contains("deploy pipeline", row.Text);
        Assert.Equal("active", row.FindElement(By.CssSelector(".status")).Text);
        Assert.Contains("you", browser.Find($"tr[data-token-id='{(await AdminIdAsync(server)):D}']").Text);
        sources.Add(browser.Driver.PageSource);
        browser.Screenshot("10-tokens", fullPage: true);

        // A role/connections mismatch is refused with the field's message.
        browser.Find("#token-role option[value='ci']").Click();
        browser.ClickAndLoad("#create-token");
        Assert.Contains("a ci token must name the connections it may use", browser.WaitFor(".field-error[data-field='connections']").Text);
        sources.Add(browser.Driver.PageSource);

        // Revoke with confirmation.
        browser.ClickAndLoad($"tr[data-token-id='{token.Id:D}'] a.revoke");
        Assert.Contains($"Revoke ci token {Dashboard.Format.ShortId(token.Id)} (deploy pipeline)?", browser.WaitFor("main p").Text);
        browser.ClickAndLoad("#confirm-revoke");
        Assert.Contains($"Token {Dashboard.Format.ShortId(token.Id)} revoked.", browser.WaitFor("#notice").Text);
        row = browser.Find($"tr[data-token-id='{token.Id:D}']");
        Assert.StartsWith("revoked", row.FindElement(By.CssSelector(".status")).Text);
        Assert.Empty(row.FindElements(By.CssSelector("a.revoke")));
        sources.Add(browser.Driver.PageSource);
        Assert.Null(await server.Server.Stores.Tokens.AuthenticateAsync(secret, CancellationToken.None));

        var audit = await AuditAsync(server, new AuditQuery { Actor = "token:" + (await AdminIdAsync(server)).ToString("D") });
        Assert.Equal(["token.revoke", "token.create"], audit.Where(a => a.Action.StartsWith("token.", StringComparison.Ordinal)).Select(a => a.Action));
        Assert.All(sources, s => Assert.DoesNotContain(secret, s, StringComparison.Ordinal));
        Assert.All(sources, s => Assert.DoesNotContain(RegistryFixture.Password, s, StringComparison.Ordinal));

        browser.ClickAndLoad("#signout");
        Assert.Equal("/signin", new Uri(browser.Driver.Url).AbsolutePath);
        browser.Open(server.BaseUri, "tokens");
        Assert.Equal("/signin", new Uri(browser.Driver.Url).AbsolutePath);
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_asked_for_but_never_off_site_and_sign_out_ends_the_session()
    {
        await using var server = await ServerHarness.StartAsync();
        using var client = new DashboardClient(server.BaseUri);
        using (var asked = await client.Http.GetAsync("audit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
            Assert.Equal("/signin?ReturnUrl=%2Faudit", asked.Headers.Location!.PathAndQuery);
        }

        Assert.Contains("name=\"returnUrl\" value=\"/audit\"", await client.Http.GetStringAsync("signin?ReturnUrl=%2Faudit"), StringComparison.Ordinal);
        foreach (var (returnUrl, expected) in new[] { ("//evil.example/x", "/registries"), ("/\\evil.example", "/registries"), ("https://evil.example/", "/registries"), ("/audit?action=token.create", "/audit?action=token.create") })
        {
            using var signIn = await client.PostFormAsync("signin", "signin", new() { ["token"] = server.AdminToken!, ["returnUrl"] = returnUrl });
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(expected, signIn.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("audit")).StatusCode);
        using (var signOut = await client.PostFormAsync("registries", "signout", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            Assert.Equal("/signin", signOut.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.GetAsync("audit")).StatusCode);
    }

    [Fact]
    public async Task Audit_log_filters_by_action_and_registry_and_pages_to_older_rows()
    {
        await using var server = await ServerHarness.StartAsync();
        await AddRegistryAsync(server, "alpha");
        await AddRegistryAsync(server, "beta");
        var org = (await server.Server.Stores.Connections.GetOrganizationAsync("default", CancellationToken.None))!;
        var alpha = (await server.Server.Stores.Connections.GetConnectionAsync(org.Id, "alpha", CancellationToken.None))!;
        var beta = (await server.Server.Stores.Connections.GetConnectionAsync(org.Id, "beta", CancellationToken.None))!;
        // A long history: 60 verifies of alpha interleaved with beta's and credential reads, so filters and pages matter.
        for (var i = 1; i <= 60; i++)
        {
            await server.Server.Stores.Connections.AppendAuditAsync(org.Id, "cli", "connection.verify", alpha.Id, $"alpha: check {i}", CancellationToken.None);
            await server.Server.Stores.Connections.AppendAuditAsync(org.Id, "cli", "connection.verify", beta.Id, $"beta: check {i}", CancellationToken.None);
            await server.Server.Stores.Connections.AppendAuditAsync(org.Id, "cli", "credential.read", alpha.Id, $"alpha: read {i}", CancellationToken.None);
        }

        using var browser = new ChromiumSession();
        browser.SignIn(server.BaseUri, server.AdminToken!);
        browser.ClickAndLoad("#nav-audit");
        Assert.Equal(50, browser.FindAll("#audit tbody tr").Count);
        Assert.Empty(browser.FindAll("#newer"));

        browser.Find("#filter-action option[value='connection.verify']").Click();
        browser.Find("#filter-connection option[value='alpha']").Click();
        browser.ClickAndLoad("#apply-filters");
        var page1 = Rows(browser);
        Assert.Equal(50, page1.Count);
        Assert.All(page1, r => Assert.Equal(("connection.verify", "alpha"), (r.Action, r.Registry)));
        Assert.Equal(Enumerable.Range(11, 50).Reverse().Select(i => $"alpha: check {i}"), page1.Select(r => r.Detail));
        Assert.Empty(browser.FindAll("#newer"));
        browser.Screenshot("11-audit", fullPage: true);

        browser.ClickAndLoad("#older");
        var page2 = Rows(browser);
        Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(i => $"alpha: check {i}"), page2.Select(r => r.Detail));
        Assert.Empty(browser.FindAll("#older"));
        Assert.Equal("connection.verify", browser.Find("#filter-action option:checked").GetAttribute("value"));
        browser.ClickAndLoad("#newer");
        Assert.Equal(page1.Select(r => r.Detail), Rows(browser).Select(r => r.Detail));

        // Clicking a row's action filters by it, keeping the other filters; then filter by an actor.
        browser.ClickAndLoad("#clear-filters");
        browser.ClickAndLoad(browser.FindAll("#audit a.action").First(a => a.Text == "credential.read"));
        Assert.All(Rows(browser), r => Assert.Equal("credential.read", r.Action));
        browser.Find($"#filter-actor option[value='token:{(await AdminIdAsync(server)):D}']").Click();
        browser.Find("#filter-action option[value='']").Click();
        browser.ClickAndLoad("#apply-filters");
        Assert.Equal(["connection.create", "connection.create"], Rows(browser).Select(r => r.Action));
        Assert.Equal(["beta", "alpha"], Rows(browser).Select(r => r.Registry));
    }

    [Fact]
    public async Task Copies_page_follows_a_copy_started_through_the_API_until_it_finishes()
    {
        // Uploads to the mirror are throttled, so the copy is still running when the page first shows it.
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        await using var slow = await FaultProxy.StartAsync(mirror);
        slow.Add(FaultRule.Always("*", FaultRule.UploadPath, new ThrottleFault(1)));
        await using var server = await ServerHarness.StartAsync();
        await AddRegistryAsync(server, "source");
        using (var admin = server.Client(server.AdminToken))
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries", new { name = "mirror", type = "generic", url = slow.BaseUri.ToString().TrimEnd('/') })).StatusCode);
        }

        using var browser = new ChromiumSession();
        browser.SignIn(server.BaseUri, server.AdminToken!);
        using var client = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);
        using var member = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Member));
        var source = $"127.0.0.1:{registry.Registry.Port}/team/app:1.0";
        var target = $"{slow.Host}/copied/app:1.0";
        using var started = await member.PostAsJsonAsync("api/v1/copies", new { source, target });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await Json.ReadAsync(started)).GetProperty("id").GetGuid();

        browser.ClickAndLoad("#nav-copies");
        Assert.Contains(browser.Find($"tr[data-job-id='{id:D}']").GetAttribute("data-status"), new[] { "queued", "running" });
        Assert.Contains("progress updates every 2 seconds", browser.Find("#following").Text);
        browser.Screenshot("13-copies-running", fullPage: true);
        var withoutScripts = await client.Http.GetStringAsync("copies");
        if (withoutScripts.Contains("data-status=\"running\"", StringComparison.Ordinal))
        {
            Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"2\"", withoutScripts, StringComparison.Ordinal);
        }

        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("window.berthSamePage = true");

        // htmx swaps the table in place until the job is done; the page itself is never reloaded.
        var row = browser.WaitFor($"tr[data-job-id='{id:D}'][data-status='succeeded']", TimeSpan.FromSeconds(90));
        Assert.Equal(true, ((IJavaScriptExecutor)browser.Driver).ExecuteScript("return window.berthSamePage === true"));
        Assert.Equal(source, row.FindElement(By.CssSelector(".source")).Text);
        Assert.Equal("→ " + target, row.FindElement(By.CssSelector(".target")).Text);
        Assert.Equal("succeeded", row.FindElement(By.CssSelector(".status")).Text);
        Assert.Equal(registry.Digest10, row.FindElement(By.CssSelector(".digest")).Text);
        var bytes = registry.Image10.Config!.Size + registry.Image10.Layers.Sum(l => l.Size);
        Assert.Equal(Dashboard.Format.Bytes(bytes), row.FindElement(By.CssSelector(".bytes")).Text);
        Assert.StartsWith("3 copied", row.FindElement(By.CssSelector(".blobs")).Text);
        Assert.Empty(browser.FindAll("#following"));
        Assert.Empty(browser.FindAll("#copy-jobs[hx-trigger]"));
        browser.Screenshot("13-copies", fullPage: true);

        // Without scripts the page reloads itself only while a job runs.
        var html = await client.Http.GetStringAsync("copies");
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-job-id=\"{id:D}\" id=\"job-{id:D}\" data-status=\"succeeded\"", html, StringComparison.Ordinal);

        // A finished copy no longer depends on its registries: removing them would not break it.
        browser.ClickAndLoad(row.FindElement(By.LinkText("mirror")));
        browser.WaitFor("#no-dependents");
        Assert.Empty(browser.FindAll($"#dependents tr[data-id='{id:D}']"));
    }

    [Fact]
    public async Task Registry_detail_shows_fields_without_secrets_verify_history_and_dependents()
    {
        await using var server = await ServerHarness.StartAsync();
        await AddRegistryAsync(server, "local-registry");
        using var admin = server.Client(server.AdminToken);
        using var created = await admin.PostAsJsonAsync("api/v1/tokens", new { role = "ci", connections = new[] { "local-registry" }, description = "nightly build" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tokenId = (await Json.ReadAsync(created)).GetProperty("token").GetProperty("id").GetGuid();
        var sources = new List<string>();

        using var browser = new ChromiumSession();
        browser.SignIn(server.BaseUri, server.AdminToken!);
        browser.ClickAndLoad("tr[data-name='local-registry'] a.registry-name");
        Assert.Equal("/registries/local-registry", new Uri(browser.Driver.Url).AbsolutePath);
        Assert.Equal("local-registry", browser.Find("#name").Text);
        Assert.Equal("Docker Registry (any Registry API v2) (generic)", browser.Find("#type").Text);
        Assert.Equal(registry.Url, browser.Find("#url").Text);
        Assert.Equal(RegistryFixture.Username, browser.Find("tr[data-field='username'] td:nth-child(2)").Text);
        Assert.Equal("set", browser.Find("tr[data-field='password'] .secret").Text);
        Assert.Equal("ends in " + RegistryFixture.Password[^4..], browser.Find("tr[data-field='password'] .hint").Text);
        Assert.Equal("does not expire", browser.Find("#expiry").Text);
        Assert.Equal("unknown", browser.Find("#health").Text);
        browser.WaitFor("#no-health");
        sources.Add(browser.Driver.PageSource);

        browser.ClickAndLoad("#verify");
        Assert.Contains("Registry 'local-registry' verified: ok.", browser.WaitFor("#notice").Text);
        Assert.Equal("/registries/local-registry", new Uri(browser.Driver.Url).AbsolutePath);
        Assert.Equal("ok", browser.Find("#health").Text);
        Assert.StartsWith("ok", browser.Find("#last-verify").Text);
        var history = browser.FindAll("#health-history tbody tr");
        Assert.Single(history);
        Assert.Contains("ok", history.First().Text);
        Assert.Contains("token:" + (await AdminIdAsync(server)).ToString("D"), history.First().Text);

        var dependent = browser.Find($"#dependents tr[data-kind='api-token'][data-id='{tokenId:D}']");
        Assert.Contains("ci token " + Dashboard.Format.ShortId(tokenId) + " (nightly build)", dependent.Text);
        sources.Add(browser.Driver.PageSource);
        browser.Screenshot("12-registry-detail", fullPage: true);

        // The same dependents are named before removal.
        browser.ClickAndLoad("#remove");
        Assert.Single(browser.FindAll($"#dependents tr[data-id='{tokenId:D}']"));
        Assert.All(sources, s => Assert.DoesNotContain(RegistryFixture.Password, s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Members_are_refused_tokens_and_audit_and_ci_tokens_cannot_sign_in()
    {
        await using var server = await ServerHarness.StartAsync();
        await AddRegistryAsync(server, "local-registry");
        var memberToken = await server.CreateTokenAsync("default", ApiTokenRole.Member);
        using var browser = new ChromiumSession();
        browser.SignIn(server.BaseUri, memberToken);
        browser.WaitFor("#registries");
        Assert.Empty(browser.FindAll("#nav-tokens"));
        Assert.Empty(browser.FindAll("#nav-audit"));
        Assert.Single(browser.FindAll("#nav-copies"));
        Assert.Empty(browser.FindAll("#add-registry"));
        foreach (var page in new[] { "tokens", "audit", "registries/new", "registries/local-registry/remove" })
        {
            browser.Open(server.BaseUri, page);
            Assert.Equal("Not allowed", browser.Find("main h1").Text);
            Assert.Equal("/" + page, new Uri(browser.Driver.Url).AbsolutePath);
        }

        browser.Screenshot("14-member-refused");

        // The same over HTTP: 403 for the pages and for their forms (with a valid antiforgery token), nothing created.
        using (var member = await DashboardClient.SignInAsync(server.BaseUri, memberToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("tokens")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("audit")).StatusCode);
            using var post = await member.PostFormAsync("registries", "tokens", new() { ["role"] = "admin" });
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync("copies")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync("registries/local-registry")).StatusCode);
        }

        Assert.Equal(2, (await server.Server.Stores.Tokens.ListAsync(null, CancellationToken.None)).Count);

        using var ciBrowser = new ChromiumSession();
        ciBrowser.SignIn(server.BaseUri, await server.CreateTokenAsync("default", ApiTokenRole.Ci, "local-registry"));
        Assert.Contains("ci tokens only fetch credentials", ciBrowser.WaitFor("#signin-error").Text);
        Assert.Null(ciBrowser.Driver.Manage().Cookies.GetCookieNamed("berth_session"));
    }

    [Fact]
    public async Task No_page_holds_a_registry_password_or_a_token_text_after_its_one_time_page()
    {
        await using var server = await ServerHarness.StartAsync();
        await AddRegistryAsync(server, "local-registry");
        using var admin = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);
        using (var verify = await admin.PostFormAsync("registries/local-registry", "registries/local-registry/verify", new() { ["returnTo"] = "detail" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        }

        using var create = await admin.PostFormAsync("tokens", "tokens", new() { ["role"] = "ci", ["connections"] = "local-registry", ["description"] = "crawl" });
        var oneTime = await create.Content.ReadAsStringAsync();
        var secret = ServerHarness.TokenIn(oneTime);
        Assert.NotNull(secret);

        // Every page reachable from the registries list by following links, as a signed-in admin.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/registries", "/tokens", "/audit", "/copies", "/images"]);
        while (queue.Count > 0 && seen.Count < 150)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path))
            {
                continue;
            }

            using var response = await admin.Http.GetAsync(path.TrimStart('/'));
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(RegistryFixture.Password, html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            Assert.DoesNotContain(server.AdminToken!, html, StringComparison.Ordinal);
            foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/[^\"#]*)"))
            {
                var next = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (!next.StartsWith("/static/", StringComparison.Ordinal) && !next.StartsWith("/docs", StringComparison.Ordinal) && next != "/")
                {
                    queue.Enqueue(next);
                }
            }
        }

        Assert.Contains("/registries/local-registry", seen);
        Assert.Contains("/images/local-registry/manifest?repository=team/app&reference=1.0", seen.Select(Uri.UnescapeDataString));
        Assert.True(seen.Count > 10, string.Join(", ", seen));
    }

    private async Task AddRegistryAsync(ServerHarness server, string name)
    {
        using var admin = server.Client(server.AdminToken);
        // Saved without verifying, so the detail page starts with no health and the Verify button writes the first row.
        using var response = await admin.PostAsJsonAsync("api/v1/registries?verify=false", new
        {
            name, type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<Guid> AdminIdAsync(ServerHarness server) =>
        (await server.Server.Stores.Tokens.AuthenticateAsync(server.AdminToken!, CancellationToken.None))!.Id;

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(ServerHarness server, AuditQuery query)
    {
        var org = (await server.Server.Stores.Connections.GetOrganizationAsync("default", CancellationToken.None))!;
        return (await server.Server.Stores.Connections.QueryAuditAsync(org.Id, query, CancellationToken.None)).Entries;
    }

    /// <summary>The audit table as it reads: action, registry and detail of each row.</summary>
    private static List<(string Action, string Registry, string Detail)> Rows(ChromiumSession browser) =>
        browser.FindAll("#audit tbody tr")
            .Select(r => (r.FindElement(By.CssSelector("a.action")).Text, r.FindElement(By.CssSelector("td:nth-child(4)")).Text, r.FindElement(By.CssSelector("td.detail")).Text))
            .ToList();
}
