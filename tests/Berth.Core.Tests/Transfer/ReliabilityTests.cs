using System.Net;
using System.Security.Cryptography;
using Berth.Errors;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Copies <c>app:1</c> through fault proxies on the source and the destination side, and checks what the user
/// is left with: either the copy completes (skopeo reads the same manifest digest at the destination and every
/// blob there hashes to its digest) or it fails naming the cause, with no tag at the destination.
/// </summary>
public sealed class ReliabilityTests(FaultWorld world) : IClassFixture<FaultWorld>, IDisposable
{
    public void Dispose()
    {
        world.SourceProxy.Reset();
        world.TargetProxy.Reset();
    }

    private string Hex(OciBlob blob) => blob.Digest["sha256:".Length..];

    /// <summary>The big layer's GET at the source.</summary>
    private string BigLayerGet => $"^/v2/app/blobs/{world.BigLayer.Digest}$";

    /// <summary>The PUT that completes the big layer's upload at the destination (its digest is in the query).</summary>
    private string BigLayerPut => $@"^/v2/.+/blobs/uploads/[^/?]+\?.*digest=sha256(:|%3A){Hex(world.BigLayer)}";

    private async Task<CopyResult> CopyAsync(string repository, TimeSpan? timeout = null, CopyOptions? options = null)
    {
        using var from = FaultWorld.Client(world.SourceProxy, timeout);
        using var to = FaultWorld.Client(world.TargetProxy, timeout);
        var copier = new ImageCopier(new RegistryImageEndpoint(from, "app", "1"), new RegistryImageEndpoint(to, repository, "1"), options);
        // Generous bound so a hang fails the test instead of the run; nothing here is timed.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await copier.CopyAsync(null, bound.Token);
    }

    /// <summary>skopeo sees the source's manifest digest, and every blob at the destination hashes to its digest.</summary>
    private async Task AssertCompleteAsync(string repository)
    {
        Assert.Equal(world.Image.Digest, await Skopeo.InspectRawDigestAsync($"docker://{world.Target.Host}/{repository}:1"));
        using var http = world.Target.CreateHttpClient();
        foreach (var blob in world.Image.Layers.Prepend(world.Image.Config!))
        {
            var bytes = await http.GetByteArrayAsync($"v2/{repository}/blobs/{blob.Digest}");
            Assert.Equal(blob.Size, bytes.Length);
            Assert.Equal(blob.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    /// <summary>No tag at the destination: skopeo finds no manifest, and neither does a plain HEAD.</summary>
    private async Task AssertNotTaggedAsync(string repository)
    {
        var ex = await Assert.ThrowsAsync<SkopeoException>(() => Skopeo.InspectAsync($"docker://{world.Target.Host}/{repository}:1", raw: true));
        Assert.Contains("manifest unknown", ex.Message, StringComparison.OrdinalIgnoreCase);
        using var http = world.Target.CreateHttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/manifests/1");
        head.Headers.Accept.ParseAdd(TestImages.ManifestMediaType);
        using var response = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Connection_dropped_mid_blob_download_is_retried_and_the_copy_completes()
    {
        var rule = world.SourceProxy.Add(new FaultRule("GET", BigLayerGet, Fault.DropAfter(200_000)));

        await CopyAsync("drop-get");

        Assert.Equal(1, rule.Hits);
        Assert.Equal(2, rule.Seen); // the broken GET, then the one that worked
        await AssertCompleteAsync("drop-get");
    }

    [Fact]
    public async Task Connection_dropped_mid_blob_upload_is_retried_and_the_copy_completes()
    {
        var rule = world.TargetProxy.Add(new FaultRule("PUT", BigLayerPut, Fault.DropAfter(200_000)));

        await CopyAsync("drop-put");

        Assert.Equal(1, rule.Hits);
        Assert.Equal(2, rule.Seen);
        await AssertCompleteAsync("drop-put");
    }

    [Fact]
    public async Task Connection_dropped_mid_chunked_upload_is_recovered_and_the_copy_completes()
    {
        // Chunks of 256 KiB: the second PATCH (inside the first layer sent) breaks off mid-body.
        var rule = world.TargetProxy.Add(new FaultRule("PATCH", FaultRule.UploadPath, Fault.DropAfter(100_000), from: 2));

        await CopyAsync("drop-patch", options: new CopyOptions { ChunkSize = 256 * 1024, Jobs = 1 });

        Assert.Equal(1, rule.Hits);
        // The client asked where the upload stood; Distribution had voided the session, so that blob started over:
        // one upload session per blob (config + 3 layers) plus the restart.
        var log = world.TargetProxy.RequestLog;
        Assert.Contains(log, l => l.StartsWith("GET /v2/drop-patch/blobs/uploads/", StringComparison.Ordinal));
        Assert.Equal(5, log.Count(l => l == "POST /v2/drop-patch/blobs/uploads/"));
        await AssertCompleteAsync("drop-patch");
    }

    [Fact]
    public async Task Connection_that_keeps_dropping_fails_naming_the_blob_and_the_drop_and_leaves_no_tag()
    {
        world.SourceProxy.Add(FaultRule.Always("GET", BigLayerGet, Fault.DropAfter(100_000)));

        var ex = await Assert.ThrowsAsync<TransferException>(() => CopyAsync("drop-always"));

        Assert.Contains(world.BigLayer.Digest, ex.Message);
        Assert.Contains("connection dropped", ex.Message);
        Assert.Contains("after 3 tries", ex.Message);
        await AssertNotTaggedAsync("drop-always");
    }

    [Fact]
    public async Task Rate_limited_429_with_retry_after_is_waited_out_on_both_sides()
    {
        var read = world.SourceProxy.Add(new FaultRule("GET", FaultRule.ManifestPath, Fault.Status(429, "1")));
        var write = world.TargetProxy.Add(new FaultRule("PUT", FaultRule.ManifestPath, Fault.Status(429, "1")));

        await CopyAsync("rate-limited");

        Assert.Equal((1, 2), (read.Hits, read.Seen));
        Assert.Equal((1, 2), (write.Hits, write.Seen));
        await AssertCompleteAsync("rate-limited");
    }

    [Fact]
    public async Task Bursts_of_500_and_503_are_retried_and_the_copy_completes()
    {
        var blobs = world.SourceProxy.Add(new FaultRule("GET", BigLayerGet, Fault.Status(503), times: 3));
        var uploads = world.TargetProxy.Add(new FaultRule("POST", "^/v2/.+/blobs/uploads/$", Fault.Status(500), times: 2));
        var heads = world.TargetProxy.Add(new FaultRule("HEAD", FaultRule.BlobPath, Fault.Status(503), times: 2));

        await CopyAsync("bursts");

        Assert.Equal(3, blobs.Hits);
        Assert.Equal(2, uploads.Hits);
        Assert.Equal(2, heads.Hits);
        await AssertCompleteAsync("bursts");
    }

    [Fact]
    public async Task Persistent_503_fails_after_retries_saying_503_and_leaves_no_tag()
    {
        var rule = world.SourceProxy.Add(FaultRule.Always("GET", BigLayerGet, Fault.Status(503)));

        var ex = await Assert.ThrowsAsync<RegistryException>(() => CopyAsync("unavailable"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Contains("answered 503", ex.Message);
        Assert.Contains(world.BigLayer.Digest, ex.Message);
        Assert.Equal(5, rule.Hits); // the first try and the policy's 4 retries, no more
        await AssertNotTaggedAsync("unavailable");
    }

    [Fact]
    public async Task Truncated_body_is_retried_and_the_copy_completes()
    {
        var rule = world.SourceProxy.Add(new FaultRule("GET", BigLayerGet, Fault.Truncate(300_000)));

        await CopyAsync("truncated");

        Assert.Equal(1, rule.Hits);
        await AssertCompleteAsync("truncated");
    }

    [Fact]
    public async Task Flipped_byte_is_caught_by_the_digest_check_and_refetched()
    {
        var rule = world.SourceProxy.Add(new FaultRule("GET", BigLayerGet, Fault.FlipByte(123_456)));

        await CopyAsync("flipped-once");

        Assert.Equal(1, rule.Hits);
        await AssertCompleteAsync("flipped-once");
    }

    [Fact]
    public async Task Bytes_that_stay_corrupted_fail_with_a_digest_mismatch_and_nothing_lands()
    {
        world.SourceProxy.Add(FaultRule.Always("GET", BigLayerGet, Fault.FlipByte(10)));

        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() => CopyAsync("flipped"));

        Assert.Contains("digest mismatch", ex.Message);
        Assert.Contains(world.BigLayer.Digest, ex.Message);
        await AssertNotTaggedAsync("flipped");
        // The corrupted blob was never committed either.
        using var http = world.Target.CreateHttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, $"v2/flipped/blobs/{world.BigLayer.Digest}");
        using var response = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Persistent_truncation_fails_saying_the_body_ended_early_and_leaves_no_tag()
    {
        world.SourceProxy.Add(FaultRule.Always("GET", BigLayerGet, Fault.Truncate(50_000)));

        var ex = await Assert.ThrowsAsync<TransferException>(() => CopyAsync("truncated-always"));

        Assert.Contains(world.BigLayer.Digest, ex.Message);
        Assert.Contains("ended early", ex.Message);
        await AssertNotTaggedAsync("truncated-always");
    }

    [Fact]
    public async Task Very_slow_registry_completes_even_when_an_upload_outlasts_the_request_timeout()
    {
        // 192 KiB/s each way: the big layer's PUT streams for about 3 s, longer than the 2 s timeout, yet data
        // keeps flowing, so the timeout (which measures silence) must not fire.
        world.SourceProxy.Add(FaultRule.Always("GET", FaultRule.BlobPath, Fault.Throttle(192)));
        world.TargetProxy.Add(FaultRule.Always("PUT", FaultRule.UploadPath, Fault.Throttle(192)));

        await CopyAsync("slow", timeout: TimeSpan.FromSeconds(2), options: new CopyOptions { Jobs = 1 });

        await AssertCompleteAsync("slow");
    }
}
