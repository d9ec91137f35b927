using System.Net;
using System.Net.Http.Json;
using Berth.Connections.Replication;

namespace Berth.Server.Tests;

public sealed partial class PagingTests
{
    [Fact]
    public async Task Replication_policies_and_their_runs_page_through_link_headers()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await CreateAsync(admin, "source");
        await CreateAsync(admin, "mirror");
        string[] names = ["nightly", "Alpha", "edge", "beta", "canary"];
        foreach (var name in names)
        {
            using var created = await admin.PostAsJsonAsync("api/v1/replications", new
            {
                name,
                sourceRegistry = "source",
                repositories = new[] { "team/app" },
                destinationRegistry = "mirror",
                destinationNamespace = "copies",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var (policies, policyPages) = await WalkAsync(admin, "api/v1/replications?limit=2", j => j.GetProperty("name").GetString()!);
        Assert.Equal(["Alpha", "beta", "canary", "edge", "nightly"], policies);
        Assert.Equal(3, policyPages);

        // Runs newest first; two share an instant, so the id orders them.
        var org = await server.Server.Stores.Connections.EnsureOrganizationAsync("default", CancellationToken.None);
        var policy = await server.Server.Stores.Replications.GetPolicyAsync(org.Id, "edge", CancellationToken.None);
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var runs = new List<(DateTimeOffset Created, Guid Id)>();
        foreach (var minute in new[] { 0, 3, 1, 3, 2, 4, 5 })
        {
            var run = new ReplicationRun
            {
                Id = Guid.NewGuid(),
                PolicyId = policy!.Id,
                OrganizationId = org.Id,
                Trigger = ReplicationTrigger.Manual,
                Status = ReplicationRunStatus.Succeeded,
                Created = at.AddMinutes(minute),
            };
            Assert.True(await server.Server.Stores.Replications.CreateRunAsync(run, CancellationToken.None));
            runs.Add((run.Created, run.Id));
        }

        var expected = runs.OrderByDescending(r => r.Created).ThenByDescending(r => r.Id.ToString("D"), StringComparer.Ordinal).Select(r => r.Id.ToString("D")).ToList();
        var (walked, runPages) = await WalkAsync(admin, "api/v1/replications/edge/runs?limit=3", j => j.GetProperty("id").GetString()!);
        Assert.Equal(expected, walked);
        Assert.Equal(3, runPages);
        // The dashboard shows the same first page (all five here), each policy with its last runs.
        using (var dashboard = await Browser.DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!))
        {
            var html = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("replications"));
            Assert.All(names, n => Assert.Contains($"data-policy=\"{n}\"", html, StringComparison.Ordinal));
            Assert.DoesNotContain("id=\"page-next\"", html, StringComparison.Ordinal);
        }

        using var foreign = await admin.GetAsync("api/v1/replications/edge/runs?cursor=" + await CursorOfAsync(admin, "api/v1/replications?limit=1"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task Pull_secret_targets_page_by_name_and_a_list_reads_no_token()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await CreateAsync(admin, "lab");
        string[] names = ["staging", "Prod", "dev", "qa", "edge"];
        foreach (var name in names)
        {
            using var created = await admin.PostAsJsonAsync("api/v1/pull-secret-targets", new
            {
                name,
                server = "https://127.0.0.1:6443",
                token = "cluster-token-" + name,
                namespaces = new[] { "team-a" },
                secretName = "regcred",
                connections = new[] { "lab" },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // The token of one target no longer decrypts: a list still shows every target, as it never decrypts one.
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "berth.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var damage = db.CreateCommand();
            damage.CommandText = "UPDATE pull_secret_targets SET token_envelope = 'garbage' WHERE name = 'qa'";
            Assert.Equal(1, await damage.ExecuteNonQueryAsync());
        }

        var (targets, pages) = await WalkAsync(admin, "api/v1/pull-secret-targets?limit=2", j =>
        {
            Assert.Equal("set", j.GetProperty("token").GetString());
            Assert.Equal(["lab"], j.GetProperty("connections").EnumerateArray().Select(c => c.GetString()));
            return j.GetProperty("name").GetString()!;
        });
        Assert.Equal(["dev", "edge", "Prod", "qa", "staging"], targets);
        Assert.Equal(3, pages);
        using (var dashboard = await Browser.DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!))
        {
            var html = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("pull-secrets"));
            Assert.All(names, n => Assert.Contains($"data-target=\"{n}\"", html, StringComparison.Ordinal));
            Assert.DoesNotContain("unreadable", html, StringComparison.Ordinal);
            Assert.Contains("<option value=\"lab\"", html, StringComparison.Ordinal);
        }

        Assert.Equal("unreadable", (await Json.ReadAsync(await admin.GetAsync("api/v1/pull-secret-targets/qa"))).GetProperty("token").GetString());
    }

    [Theory]
    [InlineData("/api/v1/registries/")]
    [InlineData("/api/v1/tokens/")]
    [InlineData("/api/v1/audit")]
    [InlineData("/api/v1/copies/")]
    [InlineData("/api/v1/replications/")]
    [InlineData("/api/v1/replications/{name}/runs")]
    [InlineData("/api/v1/pull-secret-targets/")]
    public async Task The_openapi_document_lists_limit_and_cursor_on_every_paged_list(string path)
    {
        await using var server = await ServerHarness.StartAsync();
        using var anonymous = server.Client(null);
        var document = await Json.ReadAsync(await anonymous.GetAsync("openapi/v1.json"));
        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        var item = paths.Where(p => p.Name.TrimEnd('/') == path.TrimEnd('/')).Select(p => p.Value).FirstOrDefault();
        Assert.True(item.ValueKind == System.Text.Json.JsonValueKind.Object, string.Join(", ", paths.Select(p => p.Name)));
        var get = item.GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("limit", parameters);
        Assert.Contains("cursor", parameters);
    }

    /// <summary>Follows rel="next" from <paramref name="first"/> to the end: every row's value, and how many pages.</summary>
    private static async Task<(List<string> Rows, int Pages)> WalkAsync(HttpClient client, string first, Func<System.Text.Json.JsonElement, string> value)
    {
        var rows = new List<string>();
        var pages = 0;
        string? next = first;
        while (next is not null)
        {
            using var page = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var items = (await Json.ReadAsync(page)).EnumerateArray().Select(value).ToList();
            Assert.NotEmpty(items);
            rows.AddRange(items);
            pages++;
            next = Link(page, "next")?.TrimStart('/');
        }

        return (rows, pages);
    }

    /// <summary>The cursor of the page after the first page of <paramref name="path"/>.</summary>
    private static async Task<string> CursorOfAsync(HttpClient client, string path)
    {
        using var page = await client.GetAsync(path);
        var next = Link(page, "next")!;
        return next[(next.IndexOf("cursor=", StringComparison.Ordinal) + "cursor=".Length)..];
    }
}
