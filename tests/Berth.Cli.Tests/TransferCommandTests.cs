using System.Formats.Tar;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Cli;
using Berth.Testing;

namespace Berth.Cli.Tests;

/// <summary>Two real registries and an image set seeded by skopeo, shared by the transfer command tests.</summary>
public sealed class TransferCliWorld : IAsyncLifetime
{
    private readonly TempDirectory _scratch = new();

    public RegistryServer Source { get; private set; } = null!;

    public RegistryServer Target { get; private set; } = null!;

    public OciLayoutImage App { get; private set; } = null!;

    public OciLayoutImage Multi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(RegistryServer.StartAsync(new RegistryOptions()), RegistryServer.StartAsync(new RegistryOptions()));
        (Source, Target) = (started[0], started[1]);
        var layout = _scratch.Combine("seed");
        App = await TestImages.CreateAsync(layout, "app", new TestImageSpec { LayerSizes = [400_000, 30_000, 1_000_000], Seed = 41 });
        var app2 = await TestImages.CreateAsync(layout, "app2", new TestImageSpec { LayerSize = 400_000, Seed = 42 });
        Multi = await TestImages.CreateMultiPlatformAsync(layout, "multi", [TestPlatform.LinuxAmd64, new TestPlatform("linux", "arm64")],
            new TestImageSpec { LayerSize = 100_000, Seed = 43 });
        await Task.WhenAll(
            RegistrySeeder.PushWithSkopeoAsync(App, Source, "app", "1"),
            RegistrySeeder.PushWithSkopeoAsync(app2, Source, "app", "2"),
            RegistrySeeder.PushWithSkopeoAsync(Multi, Source, "multi", "1"));
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        _scratch.Dispose();
    }
}

/// <summary><c>berth copy</c>, <c>pull</c> and <c>push</c>, in-process, against real registries; results checked with skopeo.</summary>
public sealed class TransferCommandTests(TransferCliWorld world) : IClassFixture<TransferCliWorld>
{
    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static List<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Copy_with_json_output_streams_event_lines_and_ends_with_a_summary()
    {
        var (code, stdout, stderr) = await Run("copy", world.Source.Reference("app", "1"), world.Target.Reference("json", "1"), "--output", "json");

        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        var events = lines.Select(l => l.GetProperty("event").GetString()).ToList();
        Assert.Equal("image-started", events[0]);
        Assert.Equal(4, events.Count(e => e == "blob-done"));
        Assert.Equal(4, events.Count(e => e == "blob-started"));
        Assert.Equal("manifest-written", events[^2]);
        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(world.App.Digest, summary.GetProperty("digest").GetString());
        Assert.Equal(4, summary.GetProperty("blobsCopied").GetInt32());
        Assert.Equal(0, summary.GetProperty("blobsSkipped").GetInt32());
        Assert.True(summary.GetProperty("bytes").GetInt64() > 1_400_000);
        Assert.True(summary.GetProperty("seconds").GetDouble() >= 0);
        Assert.True(summary.TryGetProperty("mibPerSecond", out _));
        Assert.Equal(world.App.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("json", "1")));

        var (again, stdout2, _) = await Run("copy", world.Source.Reference("app", "1"), world.Target.Reference("json", "1"), "--output", "json");
        Assert.Equal(0, again);
        var second = Lines(stdout2)[^1];
        Assert.Equal(0, second.GetProperty("blobsCopied").GetInt32());
        Assert.Equal(0, second.GetProperty("bytes").GetInt64());
        Assert.True(second.GetProperty("images")[0].GetProperty("upToDate").GetBoolean());
    }

    [Fact]
    public async Task Pull_then_push_round_trips_through_a_layout_with_plain_progress_lines()
    {
        using var scratch = new TempDirectory();
        var dir = scratch.Combine("layout");

        var (pull, pullOut, pullErr) = await Run("pull", world.Source.Reference("multi", "1"), dir);
        Assert.True(pull == 0, pullErr);
        Assert.Contains($"now at {world.Multi.Digest}", pullOut);
        Assert.Matches(new Regex(@"^copied 4 blobs \([0-9.]+ KiB\), skipped 0, mounted 0 in [0-9.]+ s \([0-9.]+ MiB/s\)$", RegexOptions.Multiline), pullOut);
        Assert.Equal(4, pullOut.Split('\n').Count(l => l.StartsWith("copied   sha256:", StringComparison.Ordinal)));
        Assert.Equal(world.Multi.Digest, await Skopeo.InspectRawDigestAsync($"oci:{dir}:1"));

        var (push, pushOut, pushErr) = await Run("push", dir, world.Target.Reference("pushed", "1"));
        Assert.True(push == 0, pushErr);
        Assert.Contains($"now at {world.Multi.Digest}", pushOut);
        Assert.Equal(world.Multi.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("pushed", "1")));

        // --platform narrows the push to one image, tagged directly.
        var (one, _, oneErr) = await Run("push", dir + ":1", world.Target.Reference("pushed-arm", "1"), "--platform", "linux/arm64");
        Assert.True(one == 0, oneErr);
        Assert.Equal(world.Multi.ForPlatform("linux/arm64").Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("pushed-arm", "1")));
    }

    [Fact]
    public async Task Copy_to_a_docker_archive_records_the_source_name_and_skopeo_reads_it()
    {
        using var scratch = new TempDirectory();
        var file = scratch.Combine("app.tar");
        var (code, _, stderr) = await Run("copy", world.Source.Reference("app", "1"), "docker-archive:" + file);

        Assert.True(code == 0, stderr);
        using (var reader = new TarReader(File.OpenRead(file)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.Name == "manifest.json")
                {
                    var manifest = JsonDocument.Parse(entry.DataStream!).RootElement[0];
                    Assert.Equal(world.Source.Reference("app", "1"), manifest.GetProperty("RepoTags")[0].GetString());
                    Assert.Equal(3, manifest.GetProperty("Layers").GetArrayLength());
                }
            }
        }

        await Skopeo.CopyAsync($"docker-archive:{file}", $"oci:{scratch.Combine("check")}:x");
        var (back, _, backErr) = await Run("copy", "docker-archive:" + file, world.Target.Reference("from-archive", "1"));
        Assert.True(back == 0, backErr);
    }

    [Fact]
    public async Task Dry_run_and_all_tags_report_without_or_with_writing()
    {
        var (dry, dryOut, dryErr) = await Run("copy", world.Source.Reference("app", "1"), world.Target.Reference("dry", "1"), "--dry-run");
        Assert.True(dry == 0, dryErr);
        Assert.Contains("would copy 4 blobs", dryOut);
        var (missing, _, _) = await Run("inspect", world.Target.Reference("dry", "1"));
        Assert.Equal(1, missing);

        var (all, allOut, allErr) = await Run("copy", world.Source.Host + "/app", world.Target.Host + "/every", "--all-tags", "--jobs", "2", "--output", "json");
        Assert.True(all == 0, allErr);
        var summary = Lines(allOut)[^1];
        Assert.Equal(["1", "2"], summary.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("target").GetString()).Order());
        Assert.Equal(world.App.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("every", "1")));
    }

    [Theory]
    [InlineData("dir:/tmp/x", "oci:/tmp/y", "transport 'dir:' is not supported")]
    [InlineData("oci:", "oci:/tmp/y", "needs a path")]
    [InlineData("127.0.0.1:1/a", "oci:/tmp/y", "--jobs must be between 1 and 64", "--jobs", "0")]
    [InlineData("127.0.0.1:1/a", "oci:/tmp/y", "invalid platform 'linux'", "--platform", "linux")]
    [InlineData("127.0.0.1:1/a", "docker-archive:/tmp/y.tar", "--all-tags cannot write into a docker-archive", "--all-tags")]
    [InlineData("docker-archive:/tmp/a.tar", "oci:/tmp/y", "--all-tags needs a registry or OCI layout source", "--all-tags")]
    public async Task Bad_input_is_a_usage_error(string source, string target, string message, params string[] extra)
    {
        var (code, stdout, stderr) = await Run(["copy", source, target, .. extra]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task A_missing_platform_or_tag_fails_with_exit_1_and_says_what_exists()
    {
        using var scratch = new TempDirectory();
        var (code, _, stderr) = await Run("pull", world.Source.Reference("multi", "1"), scratch.Path, "--platform", "linux/s390x");
        Assert.Equal(1, code);
        Assert.Contains("linux/s390x", stderr);
        Assert.Contains("linux/arm64", stderr);

        var (code2, _, stderr2) = await Run("copy", world.Source.Reference("app", "nope"), "oci:" + scratch.Path);
        Assert.Equal(1, code2);
        Assert.Contains("nope", stderr2);
        Assert.False(File.Exists(Path.Combine(scratch.Path, "index.json")));
    }
}
