using System.Diagnostics;
using Berth.Content;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Distribution;

/// <summary>
/// Every read from a registry or its token service is bounded in bytes, pages, entries and silence (DESIGN.md "Hostile
/// peers"), against a registry that never stops talking, or stops talking after 10 bytes.
/// </summary>
[Collection(AllocationMeasured.Name)]
public sealed class HostilePeerTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(2);

    private static RegistryClient Client(HostileRegistry registry, Func<RegistryClientOptions, RegistryClientOptions>? tune = null)
    {
        var options = new RegistryClientOptions { Registry = RegistryHost.Parse(registry.Host), Scheme = "http", StallTimeout = Stall };
        return new RegistryClient(tune?.Invoke(options) ?? options);
    }

    /// <summary>Runs <paramref name="work"/>, returning its error and how many bytes the whole process allocated meanwhile.</summary>
    private static async Task<(TException Error, long Allocated, TimeSpan Elapsed)> FailsAsync<TException>(Func<Task> work)
        where TException : Exception
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TException>(work);
        return (error, GC.GetTotalAllocatedBytes(precise: true) - before, clock.Elapsed);
    }

    private static async Task<int> CountAsync(IAsyncEnumerable<string> items)
    {
        var n = 0;
        await foreach (var _ in items)
        {
            n++;
        }

        return n;
    }

    [Theory(Timeout = 60_000)]
    [InlineData(HostileBehavior.EndlessTokenReply)]
    [InlineData(HostileBehavior.HugeTokenReply)]
    public async Task A_token_reply_that_never_ends_fails_at_the_limit_naming_the_token_service(HostileBehavior behavior)
    {
        await using var registry = await HostileRegistry.StartAsync(behavior);
        using var client = Client(registry);

        var (error, allocated, _) = await FailsAsync<RegistryException>(() => CountAsync(client.ListTagsAsync(HostileRegistry.Repository)));

        Assert.Equal(ErrorOrigin.TokenService, error.Origin);
        Assert.Contains($"token service {registry.Host} for {registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("larger than the 1 MiB limit", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes reading a token reply");
    }

    [Fact(Timeout = 60_000)]
    public async Task An_error_body_that_never_ends_is_cut_and_the_status_reported()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessErrorBody);
        using var client = Client(registry);

        var (error, allocated, _) = await FailsAsync<RegistryException>(() => client.GetManifestAsync(HostileRegistry.Repository, HostileRegistry.Tag));

        Assert.Equal(ErrorCategory.NotFound, error.Category);
        Assert.Contains($"registry {registry.Host} answered 404 for manifest team/app:1.0", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes reading an error body");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_manifest_that_never_ends_fails_at_the_manifest_limit()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessManifest);
        using var client = Client(registry);

        var (error, allocated, _) = await FailsAsync<RegistryException>(() => client.GetManifestAsync(HostileRegistry.Repository, HostileRegistry.Tag));

        Assert.Equal($"registry {registry.Host} sent manifest team/app:1.0 larger than the 4 MiB limit; a manifest that large is not an image manifest; check the reference", error.Message);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes reading a manifest");
    }

    [Fact(Timeout = 60_000)]
    public async Task Pages_that_never_end_stop_at_the_page_limit()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessTagPages);
        using var client = Client(registry, o => o with { MaxListPages = 50 });

        var listed = 0;
        var error = await Assert.ThrowsAsync<RegistryException>(async () =>
        {
            await foreach (var _ in client.ListTagsAsync(HostileRegistry.Repository))
            {
                listed++;
            }
        });

        Assert.Contains($"registry {registry.Host} kept sending pages while listing tags of team/app: stopped at the limit of 50 pages (5,000 entries so far)", error.Message, StringComparison.Ordinal);
        Assert.Equal(5_000, listed);
        Assert.Equal(50, registry.PageRequests);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_default_page_limit_is_one_thousand()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessTagPages);
        using var client = Client(registry);

        var error = await Assert.ThrowsAsync<RegistryException>(() => CountAsync(client.ListRepositoriesAsync()));

        Assert.Contains("while listing the catalog: stopped at the limit of 1,000 pages (100,000 entries so far)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1_000, registry.PageRequests);
    }

    [Fact(Timeout = 60_000)]
    public async Task Huge_pages_stop_at_the_entry_limit_before_the_extra_names_are_kept()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.HugeTagPages, hugePageBytes: 1024 * 1024);
        using var client = Client(registry, o => o with { MaxListEntries = 200_000 });

        var listed = 0;
        var error = await Assert.ThrowsAsync<RegistryException>(async () =>
        {
            await foreach (var _ in client.ListTagsAsync(HostileRegistry.Repository))
            {
                listed++;
            }
        });

        Assert.Contains("listed more than the limit of 200,000 entries while listing tags of team/app", error.Message, StringComparison.Ordinal);
        Assert.True(listed <= 200_000, $"{listed} entries were yielded");
    }

    [Theory(Timeout = 60_000)]
    [InlineData(HostileBehavior.HugeTagPages)]
    [InlineData(HostileBehavior.EndlessTagPage)]
    public async Task A_page_over_the_page_limit_fails_naming_it(HostileBehavior behavior)
    {
        await using var registry = await HostileRegistry.StartAsync(behavior, hugePageBytes: 2 * 1024 * 1024);
        using var client = Client(registry, o => o with { MaxPageBytes = 1024 * 1024 });

        var (error, allocated, _) = await FailsAsync<RegistryException>(() => CountAsync(client.ListTagsAsync(HostileRegistry.Repository)));

        Assert.StartsWith($"registry {registry.Host} sent a page of tags of team/app larger than the 1 MiB limit", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes reading a page");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_blob_that_stalls_after_ten_bytes_fails_within_the_stall_timeout_naming_registry_and_blob()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.StallingBlob);
        using var client = Client(registry);

        var (error, _, elapsed) = await FailsAsync<RegistryUnreachableException>(async () =>
        {
            await using var blob = await client.GetBlobAsync(HostileRegistry.Repository, Digest.Parse(registry.LayerDigest));
            await blob.CopyToAsync(Stream.Null);
        });

        Assert.True(error.Stalled);
        Assert.Equal(ErrorCategory.Unreachable, error.Category);
        Assert.Equal(
            $"cannot reach registry {registry.Host}: it stopped sending blob {registry.LayerDigest} of team/app: nothing arrived for 2 s after 10 bytes (the stall timeout); try again later, or raise the timeout if the registry is only slow",
            error.Message);
        Assert.InRange(elapsed, Stall * 0.9, Stall * 3);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_manifest_that_stalls_fails_on_the_stall_timeout_not_the_request_timeout()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.StallingManifest);
        using var client = Client(registry, o => o with { Timeout = TimeSpan.FromSeconds(50) });

        var (error, _, elapsed) = await FailsAsync<RegistryUnreachableException>(() => client.GetManifestAsync(HostileRegistry.Repository, HostileRegistry.Tag));

        Assert.True(error.Stalled);
        Assert.Contains("it stopped sending manifest team/app:1.0: nothing arrived for 2 s after 10 bytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(elapsed, Stall * 0.9, Stall * 3);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_copy_whose_blob_stalls_fails_once_within_the_stall_timeout_without_retrying_it()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.StallingBlob);
        using var client = Client(registry);
        using var directory = new TempDirectory();
        using var target = new OciLayoutEndpoint(Path.Combine(directory.Path, "layout"), "1.0");
        var source = new RegistryImageEndpoint(client, HostileRegistry.Repository, HostileRegistry.Tag);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryUnreachableException>(() => new ImageCopier(source, target, new CopyOptions()).CopyAsync());

        Assert.True(error.Stalled);
        Assert.Contains("it stopped sending blob sha256:", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, Stall * 0.9, Stall * 3);
        // The config and the layer at most once each: a stall is not tried again.
        Assert.InRange(registry.BlobRequests, 1, 2);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_manifest_whose_connection_breaks_mid_body_is_reported_as_unreachable()
    {
        var handler = new BreakingHandler();
        using var client = new RegistryClient(new RegistryClientOptions { Registry = RegistryHost.Parse("registry.test"), Scheme = "https", InnerHandler = handler });

        var error = await Assert.ThrowsAsync<RegistryUnreachableException>(() => client.GetManifestAsync(HostileRegistry.Repository, HostileRegistry.Tag));

        Assert.StartsWith("cannot reach registry registry.test: the connection broke while the answer to GET https://registry.test/v2/team/app/manifests/1.0 was being read", error.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(error.InnerException, exactMatch: false);
    }

    /// <summary>Answers 200 with a body that breaks after 10 bytes, as a dropped connection does.</summary>
    private sealed class BreakingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) });
    }

    private sealed class BreakingStream : Stream
    {
        private bool _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent)
            {
                throw new IOException("The response ended prematurely.");
            }

            _sent = true;
            Array.Fill(buffer, (byte)'{', offset, 10);
            return 10;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
