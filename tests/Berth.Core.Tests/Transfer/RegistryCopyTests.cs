using Berth.Content;
using Berth.Errors;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>Registry to registry copies through two real Distribution registries, checked with skopeo.</summary>
[Collection(TransferRegistries.Name)]
public sealed class RegistryCopyTests(TransferWorld world)
{
    private async Task<CopyResult> Copy(string sourceRepo, string sourceRef, string targetRepo, string? targetRef,
        CopyOptions? options = null, IProgress<TransferEvent>? progress = null, bool sameRegistry = false)
    {
        using var from = world.Client(world.Source);
        using var to = world.Client(sameRegistry ? world.Source : world.Target);
        var copier = new ImageCopier(new RegistryImageEndpoint(from, sourceRepo, sourceRef), new RegistryImageEndpoint(to, targetRepo, targetRef), options);
        return await copier.CopyAsync(progress);
    }

    [Fact]
    public async Task Single_platform_copy_keeps_the_digest_skopeo_sees_and_skopeo_can_copy_it_on()
    {
        var progress = new RecordingProgress();
        var result = await Copy("app", "1", "single", "v1", progress: progress);

        var expected = world.App.Digest;
        Assert.Equal(expected, result.ManifestDigest?.Value);
        Assert.Equal(expected, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("single", "v1")));
        // skopeo's own copy of the same source lands on the same digest.
        await Skopeo.CopyAsync("docker://" + world.Source.Reference("app", "1"), "docker://" + world.Target.Reference("single-skopeo", "v1"));
        Assert.Equal(expected, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("single-skopeo", "v1")));
        // And skopeo can read every blob Berth wrote.
        using var scratch = new TempDirectory();
        await Skopeo.CopyAsync("docker://" + world.Target.Reference("single", "v1"), $"oci:{scratch.Combine("out")}:x");

        Assert.Equal(4, result.BlobsCopied); // config + 3 layers
        Assert.Equal(0, result.BlobsSkipped);
        Assert.Equal(world.App.BlobDigests.Sum(b => new FileInfo(world.App.BlobPath(b)).Length), result.BytesCopied);
        Assert.Equal(1, result.ManifestsWritten);

        // Every blob finished before the manifest was written; the manifest is the last event.
        var events = progress.Events;
        Assert.Equal(TransferEventKind.ManifestWritten, events[^1].Kind);
        Assert.Equal("v1", events[^1].Reference);
        Assert.Equal(4, events.Count(e => e.Kind == TransferEventKind.BlobDone));
        Assert.Equal(world.App.BlobDigests.Order(), events.Where(e => e.Kind == TransferEventKind.BlobStarted).Select(e => e.Digest).Order());
    }

    [Fact]
    public async Task Multi_platform_index_is_copied_whole_with_every_child()
    {
        var result = await Copy("multi", "1", "multi", "1");

        Assert.Equal(world.Multi.Digest, result.ManifestDigest?.Value);
        Assert.Equal(MediaTypes.OciIndex, result.Images[0].MediaType);
        Assert.Equal(3, result.ManifestsWritten);
        Assert.Equal(world.Multi.BlobDigests.Distinct().Count(), result.BlobsCopied);
        Assert.Equal(world.Multi.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("multi", "1")));
        foreach (var child in world.Multi.Manifests.Select(m => m.Digest))
        {
            Assert.Equal(child, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("multi", child)));
        }

        using var scratch = new TempDirectory();
        await Skopeo.CopyAsync("docker://" + world.Target.Reference("multi", "1"), $"oci:{scratch.Combine("all")}:x", extraArgs: ["--all"]);
    }

    [Fact]
    public async Task Docker_schema2_image_keeps_its_media_type_and_bytes()
    {
        var result = await Copy("dock", "1", "dock", "1");

        Assert.Equal(world.DockerDigest, result.ManifestDigest?.Value);
        Assert.Equal(MediaTypes.DockerManifest, result.Images[0].MediaType);
        using var to = world.Client(world.Target);
        var manifest = await to.GetManifestAsync("dock", "1");
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(world.DockerDigest, manifest.Digest.Value);
    }

    [Theory]
    [InlineData("linux/arm64/v8", "linux/arm64/v8")]
    [InlineData("linux/arm64", "linux/arm64/v8")]
    [InlineData("linux/amd64", "linux/amd64")]
    public async Task Platform_picks_one_image_and_the_tag_points_at_it(string wanted, string child)
    {
        var repo = "platform-" + wanted.Replace('/', '-');
        var result = await Copy("multi", "1", repo, "1", new CopyOptions { Platform = Platform.Parse(wanted) });

        var expected = world.Multi.ForPlatform(child).Digest;
        Assert.Equal(expected, result.ManifestDigest?.Value);
        Assert.Equal(expected, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference(repo, "1")));
        Assert.Equal(1, result.ManifestsWritten);
        Assert.Equal(3, result.BlobsCopied);
        using var to = world.Client(world.Target);
        var other = world.Multi.Manifests.Single(m => m.Platform != TestPlatform.Parse(child)).Digest;
        Assert.Null(await to.HeadManifestAsync(repo, other));
        Assert.Null(await to.HeadManifestAsync(repo, world.Multi.Digest));
    }

    [Fact]
    public async Task Platform_that_is_not_there_fails_naming_the_ones_that_are_and_writes_nothing()
    {
        var ex = await Assert.ThrowsAsync<ImageNotFoundException>(() =>
            Copy("multi", "1", "no-such-platform", "1", new CopyOptions { Platform = Platform.Parse("windows/amd64") }));

        Assert.Contains("windows/amd64", ex.Message);
        Assert.Contains("linux/arm64/v8", ex.Message);
        using var to = world.Client(world.Target);
        Assert.Null(await to.HeadManifestAsync("no-such-platform", "1"));
    }

    [Fact]
    public async Task A_second_copy_finds_the_tag_up_to_date_and_moves_no_bytes()
    {
        var first = await Copy("app", "2", "again", "2");
        var progress = new RecordingProgress();
        var second = await Copy("app", "2", "again", "2", progress: progress);

        Assert.True(first.BytesCopied > 0);
        Assert.True(second.Images[0].UpToDate);
        Assert.Equal(0, second.BytesCopied);
        Assert.Equal(0, second.BlobsCopied);
        Assert.Equal(0, second.ManifestsWritten);
        Assert.Contains(progress.Events, e => e.Kind == TransferEventKind.ImageUpToDate);
    }

    [Fact]
    public async Task Blobs_the_target_already_has_are_skipped_after_a_HEAD()
    {
        await Copy("app", "1", "skip", "1");
        // app:2's two layers are app:1's first two; its config differs (fewer diff ids).
        var result = await Copy("app", "2", "skip", "2");

        Assert.Equal(2, result.BlobsSkipped);
        Assert.Equal(1, result.BlobsCopied);
        Assert.Equal(world.App2.Digest, result.ManifestDigest?.Value);
    }

    [Fact]
    public async Task Within_one_registry_blobs_are_mounted_from_the_source_repository()
    {
        var progress = new RecordingProgress();
        var result = await Copy("app", "1", "mounted/app", "1", progress: progress, sameRegistry: true);

        Assert.Equal(4, result.BlobsMounted);
        Assert.Equal(0, result.BlobsCopied);
        Assert.Equal(0, result.BytesCopied);
        Assert.Equal(4, progress.Events.Count(e => e.Kind == TransferEventKind.BlobMounted));
        Assert.Equal(world.App.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Source.Reference("mounted/app", "1")));
    }

    [Fact]
    public async Task All_tags_copies_each_tag_under_its_own_name()
    {
        var result = await Copy("app", "1", "alltags", null, new CopyOptions { AllTags = true });

        Assert.Equal(["1", "2"], result.Images.Select(i => i.TargetReference).Order());
        Assert.Equal(world.App.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("alltags", "1")));
        Assert.Equal(world.App2.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("alltags", "2")));
        // The second tag's shared layers were already there.
        Assert.Equal(2, result.BlobsSkipped);
    }

    [Fact]
    public async Task Dry_run_counts_what_would_move_and_writes_nothing()
    {
        var result = await Copy("multi", "1", "dry", "1", new CopyOptions { DryRun = true });

        Assert.True(result.DryRun);
        Assert.Equal(world.Multi.BlobDigests.Distinct().Count(), result.BlobsCopied);
        Assert.True(result.BytesCopied > 0);
        Assert.Equal(0, result.ManifestsWritten);
        using var to = world.Client(world.Target);
        Assert.Null(await to.HeadManifestAsync("dry", "1"));
        Assert.Null(await to.HeadBlobAsync("dry", Berth.References.Digest.Parse(world.Multi.BlobDigests[0])));
    }

    [Fact]
    public async Task Chunked_uploads_and_a_single_job_give_the_same_digest()
    {
        var result = await Copy("app", "1", "chunked", "1", new CopyOptions { ChunkSize = 256 * 1024, Jobs = 1 });

        Assert.Equal(world.App.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("chunked", "1")));
        Assert.Equal(4, result.BlobsCopied);
    }

    [Fact]
    public async Task A_target_named_by_a_different_digest_is_refused_before_anything_is_sent()
    {
        var ex = await Assert.ThrowsAsync<TransferException>(() => Copy("app", "1", "bydigest", world.App2.Digest));

        Assert.Contains(world.App2.Digest, ex.Message);
        using var to = world.Client(world.Target);
        Assert.Null(await to.HeadBlobAsync("bydigest", Berth.References.Digest.Parse(world.App.BlobDigests[0])));
    }

    [Fact]
    public async Task Source_by_digest_is_written_by_digest_when_the_target_names_no_tag()
    {
        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);
        var result = await new ImageCopier(new RegistryImageEndpoint(from, "app", world.App.Digest), new RegistryImageEndpoint(to, "bydigest-ok", null))
            .CopyAsync();

        Assert.Null(result.Images[0].TargetReference);
        Assert.NotNull(await to.HeadManifestAsync("bydigest-ok", world.App.Digest));
        // Distribution answers 404 NAME_UNKNOWN for a repository without tags.
        var tags = await Record.ExceptionAsync(async () => Assert.Empty(await to.ListTagsAsync("bydigest-ok").ToListAsync()));
        Assert.True(tags is null || tags is RegistryException { StatusCode: System.Net.HttpStatusCode.NotFound }, tags?.Message);
    }
}
