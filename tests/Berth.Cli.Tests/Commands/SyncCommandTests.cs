using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests.Commands;

/// <summary>
/// Two private (htpasswd) registries with different users: the source holds <c>team/app</c> (1.0.0, 1.2.0,
/// 2.0.0, latest) and <c>team/tool</c> (v1).
/// </summary>
public sealed class SyncCliWorld : IAsyncLifetime
{
    public static readonly RegistryCredentials SourceUser = new("alice", "Src-Pa55-9182");
    public static readonly RegistryCredentials TargetUser = new("bob", "Dst-Pa55-4630");

    private readonly TempDirectory _temp = new("berth-sync-cli");

    public RegistryServer Source { get; private set; } = null!;

    public RegistryServer Target { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> AppDigests { get; private set; } = null!;

    public string ToolDigest { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { [SourceUser.Username] = SourceUser.Password } }),
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { [TargetUser.Username] = TargetUser.Password } }));
        (Source, Target) = (started[0], started[1]);
        var v1 = await TestImages.CreateAsync(_temp.Combine("v1"), "1.0.0", new TestImageSpec { LayerSize = 20_000, Seed = 21 });
        var v12 = await TestImages.CreateAsync(_temp.Combine("v12"), "1.2.0", new TestImageSpec { LayerSize = 20_000, Seed = 22 });
        var v2 = await TestImages.CreateAsync(_temp.Combine("v2"), "2.0.0", new TestImageSpec { LayerSize = 20_000, Seed = 23 });
        var tool = await TestImages.CreateAsync(_temp.Combine("tool"), "v1", new TestImageSpec { LayerSize = 5_000, Seed = 24 });
        var app = new Dictionary<string, OciLayoutImage> { ["1.0.0"] = v1, ["1.2.0"] = v12, ["2.0.0"] = v2, ["latest"] = v2 };
        foreach (var (tag, image) in app)
        {
            await RegistrySeeder.PushWithHttpAsync(image, Source, "team/app", tag, SourceUser);
        }

        await RegistrySeeder.PushWithHttpAsync(tool, Source, "team/tool", "v1", SourceUser);
        AppDigests = app.ToDictionary(p => p.Key, p => p.Value.Digest);
        ToolDigest = tool.Digest;
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary><c>berth sync</c> in its three forms, against real private registries, with saved connections.</summary>
public sealed class SyncCommandTests(SyncCliWorld world) : IClassFixture<SyncCliWorld>, IDisposable
{
    private readonly TempDirectory _home = new("berth-sync-home");
    private readonly List<string> _output = [];

    public void Dispose() => _home.Dispose();

    private async Task<(int Code, string Stdout, string Stderr)> RunWithInput(string? stdin, params string[] args)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Path, .. args]);
        _output.Add(result.Stdout + result.Stderr);
        return result;
    }

    private Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Saves <c>src</c> (source registry, namespace team) and <c>dst</c> (target registry, namespace backup).</summary>
    private async Task ConnectBothAsync(bool source = true)
    {
        if (source)
        {
            var src = await RunWithInput(SyncCliWorld.SourceUser.Password, "connect", "generic", "--name", "src", "--url", $"{world.Source.Host}/team",
                "--username", SyncCliWorld.SourceUser.Username, "--password-stdin");
            Assert.True(src.Code == 0, src.Stderr);
        }

        var dst = await RunWithInput(SyncCliWorld.TargetUser.Password, "connect", "generic", "--name", "dst", "--url", $"{world.Target.Host}/backup",
            "--username", SyncCliWorld.TargetUser.Username, "--password-stdin");
        Assert.True(dst.Code == 0, dst.Stderr);
    }

    private async Task<IReadOnlyList<string>> TargetTagsAsync(string repository) =>
        [.. (await Skopeo.ListTagsAsync($"docker://{world.Target.Host}/{repository}", SyncCliWorld.TargetUser)).Order(StringComparer.Ordinal)];

    private Task<string> TargetDigestAsync(string repository, string tag) =>
        Skopeo.InspectRawDigestAsync($"docker://{world.Target.Host}/{repository}:{tag}", SyncCliWorld.TargetUser);

    private static List<JsonElement> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private void AssertNoSecretPrinted()
    {
        foreach (var text in _output)
        {
            Assert.DoesNotContain(SyncCliWorld.SourceUser.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SyncCliWorld.TargetUser.Password, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task From_to_connections_mirrors_every_listed_repository_under_the_prefix_then_finds_it_up_to_date()
    {
        await ConnectBothAsync();

        var (code, stdout, stderr) = await Run("sync", "--from", "src", "--to", "dst", "--prefix", "mirror");

        Assert.True(code == 0, stderr);
        Assert.Contains($"sync     {world.Source.Host}/team/app -> {world.Target.Host}/backup/mirror/app (4 tags)", stdout, StringComparison.Ordinal);
        Assert.Contains($"sync     {world.Source.Host}/team/tool -> {world.Target.Host}/backup/mirror/tool (1 tag)", stdout, StringComparison.Ordinal);
        Assert.Contains($"copied   {world.Target.Host}/backup/mirror/app:1.2.0  {world.AppDigests["1.2.0"]}", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^2 repositories: 5 copied, 0 up to date, 0 failed; [0-9.]+ KiB in [0-9.]+ s$", stdout);
        Assert.Equal(["1.0.0", "1.2.0", "2.0.0", "latest"], await TargetTagsAsync("backup/mirror/app"));
        Assert.Equal(world.AppDigests["latest"], await TargetDigestAsync("backup/mirror/app", "latest"));
        Assert.Equal(world.ToolDigest, await TargetDigestAsync("backup/mirror/tool", "v1"));

        var again = await Run("sync", "--from", "src", "--to", "dst", "--prefix", "mirror", "--output", "json");
        Assert.True(again.Code == 0, again.Stderr);
        var lines = Lines(again.Stdout);
        Assert.Equal(5, lines.Count(l => l.GetProperty("event").GetString() == "tag-up-to-date"));
        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal((2, 0, 5, 0, 0L), (summary.GetProperty("repositories").GetInt32(), summary.GetProperty("copied").GetInt32(),
            summary.GetProperty("upToDate").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("bytes").GetInt64()));
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task Repository_form_with_a_semver_range_streams_json_lines_and_credentials_come_from_connections()
    {
        await ConnectBothAsync();

        var (code, stdout, stderr) = await Run("sync", $"{world.Source.Host}/team/app", $"{world.Target.Host}/backup/semver", "--semver", "^1", "--output", "json");

        Assert.True(code == 0, stderr);
        var lines = Lines(stdout);
        Assert.Equal("repository-started", lines[0].GetProperty("event").GetString());
        Assert.Equal(2, lines[0].GetProperty("tags").GetInt32());
        var copied = lines.Where(l => l.GetProperty("event").GetString() == "tag-copied").ToList();
        Assert.Equal(["1.0.0", "1.2.0"], copied.Select(l => l.GetProperty("reference").GetString()));
        Assert.Equal(world.AppDigests["1.0.0"], copied[0].GetProperty("digest").GetString());
        Assert.True(copied[0].GetProperty("bytes").GetInt64() > 20_000);
        Assert.Equal(2, lines[^1].GetProperty("copied").GetInt32());
        Assert.Equal(["1.0.0", "1.2.0"], await TargetTagsAsync("backup/semver"));

        // A tag named on the source copies just that one.
        var one = await Run("sync", $"{world.Source.Host}/team/app:2.0.0", $"{world.Target.Host}/backup/semver");
        Assert.True(one.Code == 0, one.Stderr);
        Assert.Equal(["1.0.0", "1.2.0", "2.0.0"], await TargetTagsAsync("backup/semver"));
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task Config_form_reads_skopeo_yaml_with_its_own_credentials_and_tag_regex()
    {
        await ConnectBothAsync(source: false); // the source's credentials are in the file
        var config = _home.Combine("sync.yml");
        await File.WriteAllTextAsync(config, $"""
            {world.Source.Host}:
              images:
                team/tool: []
              images-by-tag-regex:
                team/app: ^2\.
              credentials:
                username: {SyncCliWorld.SourceUser.Username}
                password: {SyncCliWorld.SourceUser.Password}
              tls-verify: false
            """);

        var (code, stdout, stderr) = await Run("sync", "--config", config, "--dest", $"{world.Target.Host}/backup/yaml");

        Assert.True(code == 0, stderr);
        Assert.Matches(@"(?m)^2 repositories: 2 copied, 0 up to date, 0 failed;", stdout);
        Assert.Equal(["v1"], await TargetTagsAsync("backup/yaml/team/tool"));
        Assert.Equal(["2.0.0"], await TargetTagsAsync("backup/yaml/team/app"));
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task Dry_run_lists_what_would_be_copied_and_writes_nothing()
    {
        await ConnectBothAsync();

        var (code, stdout, stderr) = await Run("sync", $"{world.Source.Host}/team/tool", $"{world.Target.Host}/backup/dry", "--dry-run");

        Assert.True(code == 0, stderr);
        Assert.Contains($"would copy {world.Target.Host}/backup/dry:v1  {world.ToolDigest}", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^dry run: 1 repository: 1 to copy, 0 up to date, 0 failed;", stdout);
        var ex = await Assert.ThrowsAsync<SkopeoException>(() => TargetTagsAsync("backup/dry"));
        Assert.Contains("404", ex.Message, StringComparison.Ordinal); // the repository does not exist at all
    }

    [Fact]
    public async Task Failures_end_with_a_summary_and_exit_1_and_keep_going_copies_the_rest()
    {
        await ConnectBothAsync();
        var config = _home.Combine("partial.yml");
        await File.WriteAllTextAsync(config, $"""
            {world.Source.Host}:
              images:
                team/missing: []
                team/tool: [v1, v9]
            """);

        var stop = await Run("sync", "--config", config, "--dest", $"{world.Target.Host}/backup/stop");
        Assert.Equal(1, stop.Code);
        Assert.Contains($"berth: failed: {world.Source.Host}/team/missing: cannot list the tags of", stop.Stderr, StringComparison.Ordinal);
        Assert.Contains("stopped at the first failure; --keep-going continues past failures", stop.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^2 repositories: 0 copied, 0 up to date, 1 failed;", stop.Stdout);

        var (code, stdout, stderr) = await Run("sync", "--config", config, "--dest", $"{world.Target.Host}/backup/going", "--keep-going", "--output", "json");
        Assert.Equal(1, code);
        var summary = Lines(stdout)[^1];
        Assert.Equal((1, 2, false), (summary.GetProperty("copied").GetInt32(), summary.GetProperty("failed").GetInt32(), summary.GetProperty("stopped").GetBoolean()));
        var failures = summary.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal([null, "v9"], failures.Select(f => f.GetProperty("reference").GetString()));
        Assert.Contains("does not exist at the source", failures[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("2 of 3 images failed to sync", stderr, StringComparison.Ordinal);
        Assert.Equal(["v1"], await TargetTagsAsync("backup/going/team/tool"));
    }

    [Theory]
    [InlineData(new[] { "sync" }, "give one of: SRC_REPO DST_REPO")]
    [InlineData(new[] { "sync", "a/b", "c/d", "--from", "x" }, "give one of")]
    [InlineData(new[] { "sync", "--from", "x" }, "--from and --to go together")]
    [InlineData(new[] { "sync", "a/b", "c/d", "--all-tags", "--semver", "1.x" }, "--all-tags copies every tag")]
    [InlineData(new[] { "sync", "a/b", "c/d", "--semver", "=>>1" }, "semver range '=>>1' cannot be read")]
    [InlineData(new[] { "sync", "a/b", "c/d", "--tags-regex", "(x" }, "tag regex '(x' is not a valid regular expression")]
    [InlineData(new[] { "sync", "a/b", "c/d:1" }, "DST_REPO 'c/d:1' must be a repository without tag or digest")]
    [InlineData(new[] { "sync", "a/b", "c/d", "--prefix", "p" }, "--prefix goes with --from/--to")]
    [InlineData(new[] { "sync", "--config", "/nonexistent/sync.yml", "--dest", "r.io" }, "file not found")]
    public async Task Usage_mistakes_exit_2_with_what_to_do(string[] args, string message)
    {
        var (code, _, stderr) = await Run(args);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_without_dest_and_a_broken_config_are_usage_errors()
    {
        var config = _home.Combine("bad.yml");
        await File.WriteAllTextAsync(config, "reg.io:\n  images:\n    app: latest\n");

        var noDest = await Run("sync", "--config", config);
        Assert.Equal(2, noDest.Code);
        Assert.Contains("--config needs --dest", noDest.Stderr, StringComparison.Ordinal);

        var bad = await Run("sync", "--config", config, "--dest", "mirror.example");
        Assert.Equal(2, bad.Code);
        Assert.Contains($"{config}: line 3, column 10: the tags of reg.io/app must be a list", bad.Stderr, StringComparison.Ordinal);
    }
}
