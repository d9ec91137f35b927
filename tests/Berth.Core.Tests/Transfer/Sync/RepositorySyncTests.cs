using Berth.Distribution;
using Berth.References;
using Berth.Testing;
using Berth.Transfer.Sync;

namespace Berth.Core.Tests.Transfer.Sync;

/// <summary><see cref="RepositorySync"/> between two real registries; what landed is checked with skopeo.</summary>
public sealed class RepositorySyncTests(SyncWorld world) : IClassFixture<SyncWorld>, IDisposable
{
    private static readonly string[] AppTags = ["1.0.0", "1.2.0", "2.0.0", "latest", "nightly"];

    public void Dispose()
    {
        world.SourceProxy.Reset();
        world.TargetProxy.Reset();
    }

    private static async Task<SyncResult> SyncAsync(IEnumerable<(string From, string To, IReadOnlyList<string>? Refs, TagFilter? Filter)> repositories,
        SyncOptions? options, FaultProxy source, FaultProxy target, List<SyncEvent>? events = null)
    {
        using var from = SyncWorld.Client(source);
        using var to = SyncWorld.Client(target);
        var plan = repositories.Select(r => new SyncRepository(from, r.From, to, r.To, r.Refs, r.Filter)).ToList();
        var progress = new Recorder(events ?? []);
        return await new RepositorySync(options).SyncAsync(plan, progress);
    }

    private Task<SyncResult> SyncAppAsync(string target, TagFilter? filter = null, SyncOptions? options = null, List<SyncEvent>? events = null) =>
        SyncAsync([("team/app", target, null, filter)], options, world.SourceProxy, world.TargetProxy, events);

    private async Task<string> TargetDigestAsync(string repository, string reference) =>
        await Skopeo.InspectRawDigestAsync($"docker://{world.Target.Host}/{repository}:{reference}");

    /// <summary>Requests other than the client's <c>GET /v2/</c> probe.</summary>
    private static List<string> Calls(FaultProxy proxy) => [.. proxy.RequestLog.Where(l => l != "GET /v2/")];

    [Fact]
    public async Task First_sync_copies_every_tag_and_an_unchanged_tag_then_costs_one_head_per_side()
    {
        var first = await SyncAppAsync("mirror/app");

        Assert.Equal(5, first.Copied);
        Assert.Equal((0, 0, false), (first.UpToDate, first.Failed, first.Stopped));
        Assert.Equal(AppTags, first.Images.Select(i => i.Reference));
        foreach (var tag in AppTags)
        {
            Assert.Equal(world.App[tag].Digest, await TargetDigestAsync("mirror/app", tag));
        }

        // 1.0.0's and 1.2.0's layers are sent once each; the tags after them reuse what is there.
        Assert.True(first.Bytes > 0);

        world.SourceProxy.Reset();
        world.TargetProxy.Reset();
        var second = await SyncAppAsync("mirror/app");

        Assert.Equal((0, 5, 0L), (second.Copied, second.UpToDate, second.Bytes));
        Assert.Equal(["GET /v2/team/app/tags/list", .. AppTags.Select(t => $"HEAD /v2/team/app/manifests/{t}")], Calls(world.SourceProxy));
        Assert.Equal([.. AppTags.Select(t => $"HEAD /v2/mirror/app/manifests/{t}")], Calls(world.TargetProxy));
    }

    [Fact]
    public async Task A_tag_moved_at_the_source_is_copied_again_and_only_it()
    {
        await SyncAppAsync("moved/app");
        var original = await TargetDigestAsync("moved/app", "nightly");
        Assert.Equal(world.App["nightly"].Digest, original);

        // nightly now points at 1.2.0's image at the source … and back afterwards, for the other tests.
        await RegistrySeeder.PushWithHttpAsync(world.App["1.2.0"], world.Source, "team/app", "nightly");
        try
        {
            var events = new List<SyncEvent>();
            var result = await SyncAppAsync("moved/app", events: events);

            Assert.Equal((1, 4), (result.Copied, result.UpToDate));
            Assert.Equal("nightly", Assert.Single(result.Images, i => i.Status == SyncStatus.Copied).Reference);
            Assert.Equal(world.App["1.2.0"].Digest, await TargetDigestAsync("moved/app", "nightly"));
            Assert.Equal(world.App["1.2.0"].Digest, Assert.Single(events, e => e.Kind == SyncEventKind.TagCopied).Digest);
            // Every blob of 1.2.0 was already there: the re-copy sends the manifest only.
            Assert.Equal(0, result.Bytes);
        }
        finally
        {
            await RegistrySeeder.PushWithHttpAsync(world.App["nightly"], world.Source, "team/app", "nightly");
        }
    }

    [Fact]
    public async Task Without_overwrite_a_tag_that_differs_at_the_destination_is_kept_and_reported()
    {
        await SyncAppAsync("kept/app");
        await RegistrySeeder.PushWithHttpAsync(world.App["1.2.0"], world.Source, "team/app", "nightly");
        try
        {
            var events = new List<SyncEvent>();
            var result = await SyncAppAsync("kept/app", options: new SyncOptions { Overwrite = false }, events: events);

            Assert.Equal((0, 4), (result.Copied, result.UpToDate));
            var kept = Assert.Single(result.Images, i => i.Status == SyncStatus.Kept);
            Assert.Equal("nightly", kept.Reference);
            Assert.Contains("overwriting is off", kept.Error);
            Assert.Equal(SyncEventKind.TagKept, Assert.Single(events, e => e.Reference == "nightly").Kind);
            Assert.Equal(world.App["nightly"].Digest, await TargetDigestAsync("kept/app", "nightly"));
        }
        finally
        {
            await RegistrySeeder.PushWithHttpAsync(world.App["nightly"], world.Source, "team/app", "nightly");
        }
    }

    [Theory]
    [InlineData(">=1.2 <2", null, new[] { "1.2.0" })]
    [InlineData("^1", null, new[] { "1.0.0", "1.2.0" })]
    [InlineData(null, @"^\d+\.\d+\.\d+$", new[] { "1.0.0", "1.2.0", "2.0.0" })]
    [InlineData("2.x", "^2", new[] { "2.0.0" })]
    public async Task Filters_pick_the_tags_and_nothing_else_is_written(string? range, string? regex, string[] expected)
    {
        var target = "filtered/" + string.Join("-", expected).Replace('.', '-');
        var filter = new TagFilter(regex, range is null ? null : SemanticVersionRange.Parse(range));

        var result = await SyncAppAsync(target, filter);

        Assert.Equal(expected, result.Images.Select(i => i.Reference));
        Assert.Equal(expected.Length, result.Copied);
        Assert.Equal(expected, (await Skopeo.ListTagsAsync($"docker://{world.Target.Host}/{target}")).Order());
    }

    [Fact]
    public async Task Dry_run_reports_what_would_be_copied_and_writes_nothing()
    {
        await SyncAsync([("team/app", "dry/app", ["1.0.0"], null)], null, world.SourceProxy, world.TargetProxy);
        world.TargetProxy.Reset();

        var result = await SyncAppAsync("dry/app", options: new SyncOptions { DryRun = true });

        Assert.Equal((1, 4, 0), (result.UpToDate, result.WouldCopy, result.Copied));
        Assert.True(result.DryRun);
        // 1.2.0 and 2.0.0 bring new layers; latest and nightly only reuse them or what is there.
        Assert.True(result.Images.Single(i => i.Reference == "1.2.0").Bytes > 40_000);
        Assert.DoesNotContain(world.TargetProxy.RequestLog, l => l.StartsWith("PUT", StringComparison.Ordinal) || l.StartsWith("POST", StringComparison.Ordinal) || l.StartsWith("PATCH", StringComparison.Ordinal));
        Assert.Equal(["1.0.0"], await Skopeo.ListTagsAsync($"docker://{world.Target.Host}/dry/app"));
    }

    [Fact]
    public async Task Keep_going_copies_the_rest_and_reports_each_failure()
    {
        // The source serves 1.2.0's manifest to HEAD but refuses the GET the copy makes.
        world.SourceProxy.Add(FaultRule.Always("GET", "^/v2/team/app/manifests/1.2.0$", Fault.Status(404)));
        var events = new List<SyncEvent>();

        var result = await SyncAsync([("team/app", "partial/app", null, null), ("team/none", "partial/none", null, null), ("team/tool", "partial/tool", null, null)],
            new SyncOptions { KeepGoing = true }, world.SourceProxy, world.TargetProxy, events);

        Assert.Equal((5, 2, false), (result.Copied, result.Failed, result.Stopped));
        var tag = Assert.Single(result.Failures, f => f.Reference is not null);
        Assert.Equal("1.2.0", tag.Reference);
        Assert.Contains("answered 404", tag.Error);
        var repository = Assert.Single(result.Failures, f => f.Reference is null);
        Assert.Equal($"{world.SourceProxy.Host}/team/none", repository.Source);
        Assert.Contains("cannot list the tags of", repository.Error);
        Assert.Contains(events, e => e.Kind == SyncEventKind.RepositoryFailed);
        Assert.Equal(["1.0.0", "2.0.0", "latest", "nightly"], (await Skopeo.ListTagsAsync($"docker://{world.Target.Host}/partial/app")).Order());
        Assert.Equal(["v1"], await Skopeo.ListTagsAsync($"docker://{world.Target.Host}/partial/tool"));
    }

    [Fact]
    public async Task Without_keep_going_the_sync_stops_at_the_first_failure()
    {
        world.SourceProxy.Add(FaultRule.Always("GET", "^/v2/team/app/manifests/1.2.0$", Fault.Status(404)));

        var result = await SyncAsync([("team/app", "stopped/app", null, null), ("team/tool", "stopped/tool", null, null)],
            null, world.SourceProxy, world.TargetProxy);

        Assert.True(result.Stopped);
        Assert.Equal([("1.0.0", SyncStatus.Copied), ("1.2.0", SyncStatus.Failed)], result.Images.Select(i => (i.Reference, i.Status)));
        Assert.DoesNotContain(world.TargetProxy.RequestLog, l => l.Contains("/stopped/tool/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_references_may_pin_digests_which_are_written_without_a_tag()
    {
        var pinned = world.App["1.2.0"].Digest;

        var result = await SyncAsync([("team/app", "pinned/app", ["1.0.0", pinned, "2.0.0"], new TagFilter(versions: SemanticVersionRange.Parse("<2")))],
            null, world.SourceProxy, world.TargetProxy);

        // The filter drops 2.0.0 but never a digest.
        Assert.Equal(["1.0.0", pinned], result.Images.Select(i => i.Reference));
        Assert.Equal(["1.0.0"], await Skopeo.ListTagsAsync($"docker://{world.Target.Host}/pinned/app"));
        Assert.Equal(pinned, await Skopeo.InspectRawDigestAsync($"docker://{world.Target.Host}/pinned/app@{pinned}"));

        var again = await SyncAsync([("team/app", "pinned/app", [pinned], null)], null, world.SourceProxy, world.TargetProxy);
        Assert.Equal(1, again.UpToDate);
    }

    private sealed class Recorder(List<SyncEvent> events) : IProgress<SyncEvent>
    {
        public void Report(SyncEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
