using System.Net;
using Berth.Connections.Copies;
using Berth.Server.Tests.Browser;

namespace Berth.Server.Tests;

public sealed partial class PagingTests
{
    [Fact]
    public async Task Copy_jobs_page_newest_first_through_link_headers_every_job_once()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        var expected = await AddCopyJobsAsync(server, "default", 8);
        await AddCopyJobsAsync(server, "elsewhere", 2);

        var walked = new List<string>();
        var pages = 0;
        string? next = "api/v1/copies?limit=3";
        while (next is not null)
        {
            using var page = await admin.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var ids = (await Json.ReadAsync(page)).EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToList();
            Assert.InRange(ids.Count, 1, 3);
            walked.AddRange(ids);
            pages++;
            next = Link(page, "next")?.TrimStart('/');
            Assert.True(next is null || next.StartsWith("api/v1/copies?limit=3&cursor=", StringComparison.Ordinal), next);
        }

        Assert.Equal(3, pages);
        Assert.Equal(expected, walked);
    }

    [Fact]
    public async Task The_dashboard_copies_list_pages_with_next_and_previous_links()
    {
        await using var server = await ServerHarness.StartAsync();
        var expected = await AddCopyJobsAsync(server, "default", 52);
        using var dashboard = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);
        var first = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("copies"));
        Assert.Contains($"data-job-id=\"{expected[49]}\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-job-id=\"{expected[50]}\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"page-prev\"", first, StringComparison.Ordinal);
        var second = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync(NextHref().Match(first).Groups[1].Value.TrimStart('/')));
        Assert.Contains($"data-job-id=\"{expected[50]}\"", second, StringComparison.Ordinal);
        Assert.Contains($"data-job-id=\"{expected[51]}\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-job-id=\"{expected[49]}\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"page-next\"", second, StringComparison.Ordinal);
        Assert.Contains("id=\"page-prev\"", second, StringComparison.Ordinal);
    }

    /// <summary>Finished copy jobs written straight to the store, one a minute apart; their ids newest first.</summary>
    private static async Task<List<string>> AddCopyJobsAsync(ServerHarness server, string organization, int count)
    {
        var org = await server.Server.Stores.Connections.EnsureOrganizationAsync(organization, CancellationToken.None);
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            await server.Server.Stores.CopyJobs.CreateAsync(new CopyJobRecord
            {
                Id = id,
                OrganizationId = org.Id,
                Source = $"127.0.0.1:5999/team/app:{i}",
                Target = $"127.0.0.1:5998/team/app:{i}",
                SourceConnectionId = Guid.NewGuid(),
                TargetConnectionId = Guid.NewGuid(),
                SourceRegistry = "source",
                TargetRegistry = "target",
                Status = "succeeded",
                Created = at.AddMinutes(i),
            }, CancellationToken.None);
            ids.Add(id.ToString("D"));
        }

        ids.Reverse();
        return ids;
    }
}
