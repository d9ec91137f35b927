using System.Security.Cryptography;
using Berth.Errors;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Pulls <c>app:1</c> through a fault proxy into an OCI layout, where each blob goes through the pull pipeline
/// (hash beside the read, write at offsets, rename after the check). Either the pull completes (skopeo reads the
/// source's digest from the layout and every blob file hashes to its name) or it fails naming the cause, and the
/// layout holds no tag, no bad blob and no temporary file.
/// </summary>
public sealed class LayoutPullReliabilityTests(FaultWorld world) : IClassFixture<FaultWorld>, IDisposable
{
    public void Dispose() => world.SourceProxy.Reset();

    private string BigLayerGet => $"^/v2/app/blobs/{world.BigLayer.Digest}$";

    private async Task<CopyResult> PullAsync(string layout)
    {
        using var from = FaultWorld.Client(world.SourceProxy);
        // Every blob through the pipeline, however small (by default only large ones are).
        using var target = new OciLayoutEndpoint(layout, "1");
        // Generous bound so a hang fails the test instead of the run; nothing here is timed.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await new ImageCopier(new RegistryImageEndpoint(from, "app", "1"), target).CopyAsync(null, bound.Token);
    }

    private async Task AssertCompleteAsync(string layout)
    {
        Assert.Equal(world.Image.Digest, await Skopeo.InspectRawDigestAsync($"oci:{layout}:1"));
        foreach (var blob in world.Image.Layers.Prepend(world.Image.Config!))
        {
            var bytes = await File.ReadAllBytesAsync(TestImages.BlobPath(layout, blob.Digest));
            Assert.Equal(blob.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        AssertNoTemporaryFiles(layout);
    }

    private static void AssertNoTemporaryFiles(string layout) =>
        Assert.Empty(Directory.EnumerateFiles(layout, "*.tmp", SearchOption.AllDirectories));

    private void AssertNothingLanded(string layout)
    {
        Assert.False(File.Exists(Path.Combine(layout, "index.json")));
        Assert.False(File.Exists(TestImages.BlobPath(layout, world.BigLayer.Digest)));
        AssertNoTemporaryFiles(layout);
    }

    [Fact]
    public async Task A_clean_pull_writes_every_blob_whole()
    {
        using var scratch = new TempDirectory();
        var result = await PullAsync(scratch.Combine("layout"));

        Assert.Equal(4, result.BlobsCopied);
        await AssertCompleteAsync(scratch.Combine("layout"));
    }

    [Fact]
    public async Task A_flipped_byte_is_caught_before_the_rename_and_the_blob_is_fetched_again()
    {
        var rule = world.SourceProxy.Add(new FaultRule("GET", BigLayerGet, Fault.FlipByte(123_456)));
        using var scratch = new TempDirectory();

        await PullAsync(scratch.Combine("layout"));

        Assert.Equal(1, rule.Hits);
        await AssertCompleteAsync(scratch.Combine("layout"));
    }

    [Fact]
    public async Task Bytes_that_stay_corrupted_fail_with_a_digest_mismatch_and_nothing_lands()
    {
        world.SourceProxy.Add(FaultRule.Always("GET", BigLayerGet, Fault.FlipByte(599_000)));
        using var scratch = new TempDirectory();

        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() => PullAsync(scratch.Combine("layout")));

        Assert.Contains(world.BigLayer.Digest, ex.Message);
        AssertNothingLanded(scratch.Combine("layout"));
    }

    [Fact]
    public async Task A_connection_dropped_mid_blob_is_retried_and_the_pull_completes()
    {
        var rule = world.SourceProxy.Add(new FaultRule("GET", BigLayerGet, Fault.DropAfter(250_000)));
        using var scratch = new TempDirectory();

        await PullAsync(scratch.Combine("layout"));

        Assert.Equal(1, rule.Hits);
        await AssertCompleteAsync(scratch.Combine("layout"));
    }

    [Fact]
    public async Task Persistent_truncation_fails_saying_the_body_ended_early_and_nothing_lands()
    {
        world.SourceProxy.Add(FaultRule.Always("GET", BigLayerGet, Fault.Truncate(50_000)));
        using var scratch = new TempDirectory();

        var ex = await Assert.ThrowsAsync<TransferException>(() => PullAsync(scratch.Combine("layout")));

        Assert.Contains(world.BigLayer.Digest, ex.Message);
        Assert.Contains("ended early", ex.Message);
        AssertNothingLanded(scratch.Combine("layout"));
    }
}
