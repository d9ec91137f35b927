using Berth.Connections.Copies;
using Berth.Connections.Paging;

namespace Berth.Connections.Tests.Storage;

public abstract partial class ConnectionStoreContract
{
    [Fact]
    public async Task Copy_jobs_page_newest_first_by_keyset_every_job_once_both_ways()
    {
        var acme = await Store.EnsureOrganizationAsync("acme", default);
        var other = await Store.EnsureOrganizationAsync("other", default);
        await using var jobs = await CopyJobStoreFactory.OpenAsync(Database, DataDir, default);

        // Eleven jobs over seven instants (some share one, so the id breaks ties), created out of order, with
        // sub-microsecond ticks the store drops; and one job of another organization that no page may show.
        int[] minutes = [3, 0, 5, 5, 1, 6, 2, 5, 4, 0, 6];
        var created = new List<CopyJobRecord>();
        foreach (var minute in minutes)
        {
            var job = Job(acme.Id, Start.AddMinutes(minute));
            created.Add(job);
            await jobs.CreateAsync(job, default);
        }

        await jobs.CreateAsync(Job(other.Id, Start.AddMinutes(4)), default);
        var expected = created
            .OrderByDescending(j => j.Created)
            .ThenByDescending(j => j.Id.ToString("D"), StringComparer.Ordinal)
            .Select(j => j.Id)
            .ToList();

        var walked = new List<Guid>();
        var pages = new List<Page<CopyJobRecord>>();
        PageCursor? next = null;
        do
        {
            var page = await jobs.ListPageAsync(acme.Id, new PageRequest(3, next), default);
            Assert.InRange(page.Items.Count, 1, 3);
            pages.Add(page);
            walked.AddRange(page.Items.Select(j => j.Id));
            next = page.Next;
        }
        while (next is not null);

        Assert.Equal(expected, walked);
        Assert.Equal(4, pages.Count);
        Assert.Null(pages[0].Previous);

        // The cursor survives its opaque text, and back from the last page walks the same pages in reverse.
        var text = pages[1].Next!.Value.ToString();
        var viaText = await jobs.ListPageAsync(acme.Id, new PageRequest(3, PageCursor.Parse(text, PageLists.Copies)), default);
        Assert.Equal(pages[2].Items.Select(j => j.Id), viaText.Items.Select(j => j.Id));
        var back = await jobs.ListPageAsync(acme.Id, new PageRequest(3, pages[3].Previous), default);
        Assert.Equal(pages[2].Items.Select(j => j.Id), back.Items.Select(j => j.Id));
        var top = await jobs.ListPageAsync(acme.Id, new PageRequest(3, pages[1].Previous), default);
        Assert.Equal(pages[0].Items.Select(j => j.Id), top.Items.Select(j => j.Id));
        Assert.Null(top.Previous);

        // A newer job lands on the first page and never shifts a page someone is walking.
        await jobs.CreateAsync(Job(acme.Id, Start.AddMinutes(9)), default);
        var again = await jobs.ListPageAsync(acme.Id, new PageRequest(3, pages[0].Next), default);
        Assert.Equal(pages[1].Items.Select(j => j.Id), again.Items.Select(j => j.Id));
        Assert.Equal(6, (await jobs.ListPageAsync(acme.Id, new PageRequest(PageRequest.MaxLimit), default)).Items.Count(j => j.Created > Start.AddMinutes(4.5)));
    }

    private static CopyJobRecord Job(Guid organizationId, DateTimeOffset created) => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = organizationId,
        Source = "127.0.0.1:5000/team/app:1.0",
        Target = "127.0.0.1:5001/team/app:1.0",
        SourceConnectionId = Guid.NewGuid(),
        TargetConnectionId = Guid.NewGuid(),
        SourceRegistry = "source",
        TargetRegistry = "target",
        Status = "queued",
        Created = created,
    };
}
