using System.Diagnostics;
using Berth.Testing;

namespace Berth.Cli.Tests;

/// <summary>
/// The <c>berth</c> process against registries that never stop talking, or stop after 10 bytes: each command fails
/// with an error naming the peer and the limit, within the time the user allowed, and in bounded memory (peak RSS
/// ≤ 150 MiB, DESIGN.md §5, measured by the kernel through /usr/bin/time).
/// </summary>
public sealed class HostilePeerCommandTests : IDisposable
{
    private const double PeakLimitMiB = 150;
    private readonly TempDirectory _home = new("berth-cli-hostile");

    public void Dispose() => _home.Dispose();

    private Task<MeasuredRun> RunAsync(params string[] args) => BerthCli.RunMeasuredAsync(_home.Path, args);

    private static void FailedWithin(MeasuredRun run, string expected)
    {
        Assert.True(run.Result.ExitCode == 1, $"exit {run.Result.ExitCode}; stderr: {run.Result.Stderr}");
        Assert.Contains(expected, run.Result.Stderr, StringComparison.Ordinal);
        Assert.True(run.PeakRssMiB <= PeakLimitMiB, $"peak RSS {run.PeakRssMiB:0.0} MiB > {PeakLimitMiB} MiB; stderr: {run.Result.Stderr}");
    }

    [Fact]
    public async Task Tags_of_a_registry_that_pages_forever_stop_at_the_page_limit_printing_as_they_go()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessTagPages);

        var run = await RunAsync("tags", $"{registry.Host}/{HostileRegistry.Repository}");

        FailedWithin(run, $"registry {registry.Host} kept sending pages while listing tags of team/app: stopped at the limit of 1,000 pages (100,000 entries so far)");
        Assert.Equal(100_000, run.Result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(1_000, registry.PageRequests);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task Tags_of_a_registry_with_huge_pages_stop_at_the_entry_limit_in_bounded_memory(string output)
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.HugeTagPages, hugePageBytes: 7 * 1024 * 1024);

        var run = await RunAsync("tags", "--output", output, $"{registry.Host}/{HostileRegistry.Repository}");

        FailedWithin(run, $"registry {registry.Host} listed more than the limit of 1,000,000 entries while listing tags of team/app");
    }

    [Fact]
    public async Task Tags_behind_a_token_service_whose_reply_never_ends_fail_at_the_reply_limit()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessTokenReply);

        var run = await RunAsync("tags", $"{registry.Host}/{HostileRegistry.Repository}");

        FailedWithin(run, $"token service {registry.Host} for {registry.Host} sent a reply larger than the 1 MiB limit for a token");
    }

    [Fact]
    public async Task Inspect_of_a_manifest_that_never_ends_fails_at_the_manifest_limit()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessManifest);

        var run = await RunAsync("inspect", registry.ImageReference);

        FailedWithin(run, $"registry {registry.Host} sent manifest team/app:1.0 larger than the 4 MiB limit");
    }

    [Fact]
    public async Task Catalog_with_an_error_body_that_never_ends_reports_the_status()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.EndlessErrorBody);

        var run = await RunAsync("catalog", registry.Host);

        FailedWithin(run, $"registry {registry.Host} answered 404 for the catalog");
    }

    [Fact]
    public async Task Copy_of_a_blob_that_stalls_fails_within_the_timeout_naming_registry_and_blob()
    {
        await using var registry = await HostileRegistry.StartAsync(HostileBehavior.StallingBlob);
        const int timeout = 2;

        var run = await RunAsync("copy", "--timeout", $"{timeout}", registry.ImageReference, "oci:" + _home.Combine("layout") + ":1.0");

        FailedWithin(run, $"cannot reach registry {registry.Host}: it stopped sending blob sha256:");
        Assert.Contains($"nothing arrived for {timeout} s after 10 bytes (the stall timeout)", run.Result.Stderr, StringComparison.Ordinal);
        // The stall itself, not 3 tries of it, plus the process's start-up on a busy machine.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(3 * timeout + 3), $"took {run.Elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("dev-zero")]
    [InlineData("fifo")]
    public async Task Copy_from_a_layout_whose_index_json_is_not_a_regular_file_is_refused(string kind)
    {
        var layout = _home.Combine("layout-" + kind);
        Directory.CreateDirectory(layout);
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var index = Path.Combine(layout, "index.json");
        if (kind == "fifo")
        {
            using var mkfifo = Process.Start("mkfifo", [index]);
            await mkfifo.WaitForExitAsync();
        }
        else
        {
            File.CreateSymbolicLink(index, "/dev/zero");
        }

        var run = await RunAsync("copy", "oci:" + layout, "oci:" + _home.Combine("copy-" + kind));

        FailedWithin(run, $"{index} is {(kind == "fifo" ? "a FIFO (named pipe)" : "a character device")}, not a regular file");
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), $"took {run.Elapsed.TotalSeconds:0.0} s");
    }
}
