using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Berth.Connections.Tokens;
using Berth.Server.Tests.Browser;

namespace Berth.Server.Tests;

/// <summary>Every list pages the same way: ?limit, an opaque ?cursor, Link rel="next"/"prev", a stable order.</summary>
public sealed partial class PagingTests
{
    [Fact]
    public async Task Registries_page_by_name_through_link_headers_and_a_page_never_shifts_when_rows_are_added()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        string[] names = ["delta", "Alpha", "echo", "charlie", "bravo", "golf", "foxtrot"];
        foreach (var name in names)
        {
            await CreateAsync(admin, name);
        }

        using var first = await admin.GetAsync("api/v1/registries?limit=3");
        Assert.Equal(["Alpha", "bravo", "charlie"], await NamesAsync(first));
        Assert.Null(Link(first, "prev"));
        var second = Link(first, "next")!;
        Assert.StartsWith("/api/v1/registries?limit=3&cursor=", second, StringComparison.Ordinal);

        // A registry added before the cursor's position does not shift the next page.
        await CreateAsync(admin, "aardvark");
        using var page2 = await admin.GetAsync(second.TrimStart('/'));
        Assert.Equal(["delta", "echo", "foxtrot"], await NamesAsync(page2));
        using var page3 = await admin.GetAsync(Link(page2, "next")!.TrimStart('/'));
        Assert.Equal(["golf"], await NamesAsync(page3));
        Assert.Null(Link(page3, "next"));

        // Back from the second page: the page before it, now with the newcomer in view.
        using var back = await admin.GetAsync(Link(page2, "prev")!.TrimStart('/'));
        Assert.Equal(["Alpha", "bravo", "charlie"], await NamesAsync(back));
        using var again = await admin.GetAsync(Link(back, "prev")!.TrimStart('/'));
        Assert.Equal(["aardvark"], await NamesAsync(again));

        // The same cursor gives the same page every time.
        using var repeat = await admin.GetAsync(second.TrimStart('/'));
        Assert.Equal(["delta", "echo", "foxtrot"], await NamesAsync(repeat));

        // The default page holds every registry here; secrets are named, never decrypted for a list.
        var all = (await Json.ReadAsync(await admin.GetAsync("api/v1/registries"))).EnumerateArray().ToList();
        Assert.Equal(8, all.Count);
        var password = all[0].GetProperty("secrets").GetProperty("password");
        Assert.True(password.GetProperty("set").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, password.GetProperty("readable").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, password.GetProperty("hint").ValueKind);
        Assert.True(all[0].GetProperty("passwordSet").GetBoolean());
        var one = await Json.ReadAsync(await admin.GetAsync("api/v1/registries/aardvark"));
        Assert.Equal("cret", one.GetProperty("secrets").GetProperty("password").GetProperty("hint").GetString());
    }

    [Fact]
    public async Task A_repeated_list_answer_is_kept_only_until_a_change_by_any_process()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await CreateAsync(admin, "alpha");
        await CreateAsync(admin, "bravo");

        using var first = await admin.GetAsync("api/v1/registries");
        Assert.Equal(["alpha", "bravo"], await NamesAsync(first));
        Assert.NotNull(first.Content.Headers.ContentLength);
        using var kept = await admin.GetAsync("api/v1/registries");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await kept.Content.ReadAsStringAsync());

        // Another page of the same list is its own answer.
        using var limited = await admin.GetAsync("api/v1/registries?limit=1");
        Assert.Equal(["alpha"], await NamesAsync(limited));

        // Another process writes straight into the database (as the CLI does beside a running server): seen at once.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "berth.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE connections SET last_verify_ok = 0, last_verify_message = 'changed by another process' WHERE name_key = 'alpha'";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var after = (await Json.ReadAsync(await admin.GetAsync("api/v1/registries"))).EnumerateArray().ToList();
        Assert.Equal("changed by another process", after[0].GetProperty("health").GetProperty("message").GetString());
        Assert.Equal("failing", after[0].GetProperty("health").GetProperty("status").GetString());

        // And a change through this server: removed, gone from the next answer.
        using var removed = await admin.DeleteAsync("api/v1/registries/alpha");
        Assert.True(removed.IsSuccessStatusCode, removed.StatusCode.ToString());
        using var last = await admin.GetAsync("api/v1/registries");
        Assert.Equal(["bravo"], await NamesAsync(last));
    }

    [Theory]
    [InlineData("api/v1/registries?cursor=bogus", "cursor", "not a cursor of this list")]
    [InlineData("api/v1/registries?cursor=djEKdG9rZW5zCj4KCjAxOTBjNWEyLThkNmUtN2MzYi05ZjFhLTJiM2M0ZDVlNmY3MA", "cursor", "belongs to the tokens list")]
    [InlineData("api/v1/tokens?cursor=%25%25", "cursor", "not a cursor of this list")]
    [InlineData("api/v1/audit?cursor=djEKYXVkaXQKPgoKbm90LWEtbnVtYmVy", "cursor", "not a cursor of this list")]
    [InlineData("api/v1/copies?limit=0", "limit", "1 to 1000")]
    [InlineData("api/v1/registries?limit=5000", "limit", "1 to 1000")]
    public async Task A_bad_cursor_or_limit_is_a_400_naming_the_parameter(string path, string field, string message)
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        using var response = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        var errors = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(errors, e => e!.Contains(message, StringComparison.Ordinal));
        Assert.StartsWith(field + ": ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_and_audit_page_through_link_headers()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        for (var i = 0; i < 4; i++)
        {
            await server.CreateTokenAsync("default", ApiTokenRole.Member);
        }

        var ids = new List<string>();
        string? next = "api/v1/tokens?limit=2";
        while (next is not null)
        {
            using var page = await admin.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            ids.AddRange((await Json.ReadAsync(page)).EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            next = Link(page, "next")?.TrimStart('/');
        }

        Assert.Equal(5, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);

        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(admin, $"audited-{i}");
        }

        using var newest = await admin.GetAsync("api/v1/audit?limit=2");
        var firstIds = (await Json.ReadAsync(newest)).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        using var older = await admin.GetAsync(Link(newest, "next")!.TrimStart('/'));
        var olderIds = (await Json.ReadAsync(older)).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.True(firstIds.Min() > olderIds.Max());
        Assert.NotNull(Link(older, "prev"));
    }

    [Fact]
    public async Task The_dashboard_registries_list_pages_with_next_and_previous_links()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await Parallel.ForAsync(0, 52, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) => await CreateAsync(admin, $"reg-{i:D2}"));
        using var dashboard = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);
        var first = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("registries"));
        Assert.Contains("data-name=\"reg-49\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("data-name=\"reg-50\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"page-prev\"", first, StringComparison.Ordinal);
        var next = NextHref().Match(first).Groups[1].Value;
        var second = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync(next.TrimStart('/')));
        Assert.Contains("data-name=\"reg-50\"", second, StringComparison.Ordinal);
        Assert.Contains("data-name=\"reg-51\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("data-name=\"reg-49\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"page-next\"", second, StringComparison.Ordinal);
        Assert.Contains("id=\"page-prev\"", second, StringComparison.Ordinal);
    }

    private static async Task CreateAsync(HttpClient admin, string name)
    {
        using var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false", new { name, type = "generic", url = $"127.0.0.1:5999/{name.ToLowerInvariant()}", username = "u", password = "a-long-enough-secret" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private static async Task<List<string>> NamesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
    }

    private static string? Link(HttpResponseMessage response, string rel) =>
        response.Headers.TryGetValues("Link", out var values)
            ? values.SelectMany(v => v.Split(", ")).Select(l => LinkValue().Match(l)).Where(m => m.Success && m.Groups[2].Value == rel).Select(m => m.Groups[1].Value).FirstOrDefault()
            : null;

    [GeneratedRegex("^<([^>]+)>; rel=\"([a-z]+)\"$")]
    private static partial Regex LinkValue();

    [GeneratedRegex("id=\"page-next\" rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextHref();
}
