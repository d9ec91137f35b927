using OpenQA.Selenium;

namespace Berth.Server.Tests.Browser;

/// <summary>
/// The dashboard in a real browser against a real server and a real htpasswd registry: sign in with a token,
/// Add Registry, browse to a tag's manifest detail, rename and remove through the row action menu.
/// </summary>
public sealed class DashboardBrowserTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Admin_adds_browses_renames_and_removes_a_registry()
    {
        Assert.True(ChromiumSession.Available, "chromium and chromium-driver must be installed (test.sh installs them)");
        await using var server = await ServerHarness.StartAsync();
        using var browser = new ChromiumSession();
        var pages = new List<string>();
        var driver = browser.Driver;
        string Url(string path) => new Uri(server.BaseUri, path).ToString();

        // Sign in.
        driver.Navigate().GoToUrl(Url("registries"));
        Assert.EndsWith("/signin", new Uri(driver.Url).AbsolutePath);
        browser.Find("#token").SendKeys(server.AdminToken!);
        browser.Screenshot("01-sign-in");
        browser.Find("#signin").Click();
        browser.WaitFor("#no-registries");
        Assert.Equal("/registries", new Uri(driver.Url).AbsolutePath);
        var session = driver.Manage().Cookies.GetCookieNamed("berth_session");
        Assert.NotNull(session);
        Assert.True(session.IsHttpOnly);
        Assert.Equal("Strict", session.SameSite);

        // Add Registry with the generic type's fields.
        browser.Find("#add-registry").Click();
        browser.WaitFor("#add-registry-form");
        Assert.Contains("Password / Token", driver.PageSource);
        Assert.Equal("password", browser.Find("#field-password").GetAttribute("type"));
        browser.Find("#field-name").SendKeys("local-registry");
        browser.Find("#field-url").Clear();
        browser.Find("#field-url").SendKeys(registry.Url);
        browser.Find("#field-username").SendKeys(RegistryFixture.Username);
        browser.Find("#field-password").SendKeys(RegistryFixture.Password);
        browser.Screenshot("02-add-registry");
        browser.Find("#connect").Click();
        browser.WaitFor("#notice");
        pages.Add(driver.PageSource);
        var row = browser.Find("tr[data-name='local-registry']");
        Assert.Contains(registry.Url, row.Text);
        Assert.Equal("ok", row.FindElement(By.CssSelector(".badge")).Text);
        Assert.Contains("Registry 'local-registry' added.", browser.Find("#notice").Text);
        browser.Screenshot("03-registries");

        // Images: registry → repositories → tags → manifest detail.
        row.FindElement(By.CssSelector("a.browse")).Click();
        browser.WaitFor("#repositories");
        Assert.Equal(["team/app", "tools/cli"], browser.FindAll("a.repository").Select(a => a.Text));
        browser.FindAll("a.repository").First(a => a.Text == "team/app").Click();
        browser.WaitFor("#tags");
        Assert.Equal(["1.0", "2.0"], browser.FindAll("a.tag").Select(a => a.Text));
        browser.FindAll("a.tag").First(a => a.Text == "1.0").Click();
        browser.WaitFor("#manifest");
        pages.Add(driver.PageSource);
        Assert.Equal(registry.Digest10, browser.Find("#digest").Text);
        Assert.Equal("linux/amd64", browser.Find("#platform").Text);
        Assert.Contains("2024-05-06 07:08 UTC", browser.Find("#created").Text);
        Assert.Equal(registry.Image10.Layers.Select(l => l.Digest), browser.FindAll("#layers tbody tr td:nth-child(2)").Select(c => c.Text));
        Assert.Contains("berth test app", browser.Find("#labels").Text);
        browser.Find("#copy-digest").Click();
        browser.WaitFor("#copy-digest[data-copied='true']");
        browser.Screenshot("04-manifest-detail");

        // Rename through the row action menu.
        driver.Navigate().GoToUrl(Url("registries"));
        browser.Find("tr[data-name='local-registry'] details.menu summary").Click();
        var rename = browser.WaitFor("tr[data-name='local-registry'] form.rename input[name='newName']");
        rename.Clear();
        rename.SendKeys("renamed-registry");
        browser.Screenshot("05-action-menu");
        browser.Find("tr[data-name='local-registry'] form.rename button").Click();
        browser.WaitFor("tr[data-name='renamed-registry']");
        Assert.Empty(browser.FindAll("tr[data-name='local-registry']"));
        Assert.Contains("renamed to 'renamed-registry'", browser.Find("#notice").Text);

        // Remove, with confirmation.
        browser.Find("tr[data-name='renamed-registry'] details.menu summary").Click();
        browser.WaitFor("tr[data-name='renamed-registry'] a.remove").Click();
        browser.WaitFor("#confirm-remove");
        Assert.Contains("Remove registry renamed-registry", driver.FindElement(By.TagName("main")).Text);
        browser.Screenshot("06-remove-confirmation");
        browser.Find("#confirm-remove").Click();
        browser.WaitFor("#no-registries");
        Assert.Contains("Registry 'renamed-registry' removed.", browser.Find("#notice").Text);
        pages.Add(driver.PageSource);
        browser.Screenshot("07-removed");

        Assert.All(pages, page => Assert.DoesNotContain(RegistryFixture.Password, page, StringComparison.Ordinal));
        var audit = await server.Server.Stores.Connections.ListAuditAsync(
            (await server.Server.Stores.Connections.GetOrganizationAsync("default", CancellationToken.None))!.Id, 20, CancellationToken.None);
        // Add Registry verifies before it saves (the create use case), so there is no separate verify row.
        Assert.Equal(["connection.remove", "connection.rename", "connection.create"], audit.Select(a => a.Action));
        Assert.DoesNotContain("not verified", audit[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Registry_shows_field_errors_without_echoing_the_secret()
    {
        await using var server = await ServerHarness.StartAsync();
        using var browser = new ChromiumSession();
        browser.Driver.Navigate().GoToUrl(new Uri(server.BaseUri, "signin").ToString());
        browser.Find("#token").SendKeys(server.AdminToken!);
        browser.Find("#signin").Click();
        browser.WaitFor("#add-registry").Click();
        browser.WaitFor("nav.types a[data-type='ecr']").Click();
        browser.WaitFor("#field-accessKeyId");
        browser.Find("#field-name").SendKeys("aws");
        browser.Find("#field-url").SendKeys("169.254.169.254");
        browser.Find("#field-secretAccessKey").SendKeys("wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY");
        // The browser's own required-field check would stop the submit; the server's messages are what is tested.
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))");
        browser.Find("#connect").Click();
        browser.WaitFor(".field-error[data-field='url']");
        Assert.Contains("cloud metadata", browser.Find(".field-error[data-field='url']").Text);
        Assert.Contains("access key ID is required", browser.Find(".field-error[data-field='accessKeyId']").Text);
        Assert.Equal("", browser.Find("#field-secretAccessKey").GetAttribute("value"));
        Assert.DoesNotContain("wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY", browser.Driver.PageSource, StringComparison.Ordinal);
        browser.Screenshot("08-add-registry-errors");
    }
}
