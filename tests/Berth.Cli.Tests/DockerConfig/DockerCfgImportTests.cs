using System.Text.Json;
using Berth.Cli.Tests.Connections;
using Berth.Testing;
using static Berth.Cli.Tests.DockerConfig.ExportTestSupport;

namespace Berth.Cli.Tests.DockerConfig;

/// <summary>
/// Import from a config with auths entries and a credHelpers entry served by a <c>docker-credential-fake</c>
/// script on PATH. PATH is changed for the whole test process (the in-process runner and the AOT binary both
/// look helpers up there); the added directory holds only that script.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, sh scripts and skopeo
[Collection(ProcessEnvironment.Name)]
public sealed class DockerCfgImportTests(PrivateRegistryWorld world) : IClassFixture<PrivateRegistryWorld>, IAsyncLifetime
{
    private readonly TempDirectory _home = new("berth-import");
    private string? _originalPath;

    private string Host => world.Registry.Host;

    // The same registry under another name, so the helper's entry is a host of its own.
    private string LocalhostHost => $"localhost:{world.Registry.Port}";

    public async Task InitializeAsync()
    {
        var bin = _home.CreateSubdirectory("bin");
        await WriteScriptAsync(Path.Combine(bin, "docker-credential-fake"), $$"""
            #!/bin/sh
            # A docker credential helper holding one credential, for {{LocalhostHost}}.
            case "$1" in
              get)
                url=$(cat)
                if [ "$url" = "{{LocalhostHost}}" ]; then
                  printf '%s' '{"ServerURL":"{{LocalhostHost}}","Username":"{{PrivateRegistryWorld.User}}","Secret":"{{PrivateRegistryWorld.Password}}"}'
                else
                  echo 'credentials not found in native keychain'; exit 1
                fi ;;
              list) echo '{"{{LocalhostHost}}":"{{PrivateRegistryWorld.User}}"}' ;;
              *) echo "unsupported: $1"; exit 1 ;;
            esac
            """);
        _originalPath = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", bin + Path.PathSeparator + _originalPath);
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("PATH", _originalPath);
        _home.Dispose();
        return Task.CompletedTask;
    }

    private Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args) =>
        CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Path, .. args]);

    private async Task<string> WriteConfigAsync()
    {
        var file = _home.Combine("config.json");
        await File.WriteAllTextAsync(file, $$"""
            {
              "auths": {
                "{{Host}}": { "auth": "{{Basic(PrivateRegistryWorld.User, PrivateRegistryWorld.Password)}}" },
                "http://{{Host}}/team": { "auth": "{{Basic(PrivateRegistryWorld.User, "not-the-password")}}" },
                "ghcr.io": { "identitytoken": "gh-refresh-token" },
                "{{LocalhostHost}}": {}
              },
              "credHelpers": { "{{LocalhostHost}}": "fake" },
              "psFormat": "table {{"{{"}}.ID{{"}}"}}"
            }
            """);
        return file;
    }

    [Fact]
    public async Task Auths_and_credHelpers_entries_become_verified_connections_and_bad_ones_are_reported()
    {
        var file = await WriteConfigAsync();
        var import = await Run(null, "dockercfg", "import", file, "--output", "json");
        Assert.True(import.Code == 1, import.Stdout + import.Stderr);

        var result = JsonDocument.Parse(import.Stdout).RootElement;
        var entries = result.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("server").GetString()!);
        Assert.Equal((2, 1, 1), (result.GetProperty("imported").GetInt32(), result.GetProperty("skipped").GetInt32(), result.GetProperty("failed").GetInt32()));

        var fromAuths = entries[Host];
        Assert.Equal(("imported", "auths", Host, "generic"), Outcome(fromAuths));
        var fromHelper = entries[LocalhostHost];
        Assert.Equal(("imported", "credHelpers (docker-credential-fake)", LocalhostHost, "generic"), Outcome(fromHelper));
        Assert.Equal("skipped", entries["ghcr.io"].GetProperty("outcome").GetString());
        Assert.Contains("identity token", entries["ghcr.io"].GetProperty("message").GetString(), StringComparison.Ordinal);
        var wrong = entries[$"http://{Host}/team"];
        Assert.Equal("failed", wrong.GetProperty("outcome").GetString());
        Assert.Contains("not saved", wrong.GetProperty("message").GetString(), StringComparison.Ordinal);

        var connections = (await ConnectionsAsync(_home.Path)).ToDictionary(c => c.Name);
        Assert.Equal([Host, LocalhostHost], connections.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PrivateRegistryWorld.User, connections[LocalhostHost].Fields["username"]);
        Assert.Equal(PrivateRegistryWorld.Password, connections[LocalhostHost].Secrets.Reveal("password"));
        Assert.True(connections[Host].LastVerifyOk);

        // Saved connections serve the CLI with no flags.
        var tags = await Run(null, "tags", $"{LocalhostHost}/some/repo");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal("v1", tags.Stdout.Trim());

        Assert.DoesNotContain(PrivateRegistryWorld.Password, import.Stdout + import.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("gh-refresh-token", import.Stdout + import.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_again_skips_existing_names_and_a_prefix_imports_beside_them()
    {
        var file = await WriteConfigAsync();
        await Run(null, "dockercfg", "import", file);

        var again = await Run(null, "dockercfg", "import", file, "--no-verify");
        Assert.Contains($"exists    '{Host}' (generic) from {Host} [auths]: a connection named '{Host}' already exists", again.Stdout, StringComparison.Ordinal);
        Assert.Contains($"exists    '{LocalhostHost}' (generic)", again.Stdout, StringComparison.Ordinal);
        // --no-verify saves the wrong-password entry this time.
        Assert.Contains($"imported  '{Host}/team' (generic)", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 imported, 3 skipped, 0 failed", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, again.Code);

        var prefixed = await Run(null, "dockercfg", "import", file, "--name-prefix", "ci-", "--type", "jfrog", "--no-verify", "--output", "json");
        var names = JsonDocument.Parse(prefixed.Stdout).RootElement.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("outcome").GetString() == "imported")
            .Select(e => (e.GetProperty("name").GetString(), e.GetProperty("type").GetString()))
            .Order()
            .ToList();
        Assert.Equal([($"ci-{Host}", "jfrog"), ($"ci-{Host}/team", "jfrog"), ($"ci-{LocalhostHost}", "jfrog")], names);
        Assert.Equal(0, prefixed.Code);
    }

    [Fact]
    public async Task An_encrypted_config_needs_its_key_and_a_broken_file_is_a_usage_error()
    {
        var file = await WriteConfigAsync();
        var key = _home.Combine("k.aes");
        var encrypted = _home.Combine("config.encrypted");
        Assert.Equal(0, (await Run(null, "dockercfg", "keygen", "-o", key)).Code);
        Assert.Equal(0, (await Run(null, "dockercfg", "encrypt", "--key-file", key, file, encrypted)).Code);

        var noKey = await Run(null, "dockercfg", "import", encrypted);
        Assert.Equal(2, noKey.Code);
        Assert.Contains("no decryptor available: AES key missing", noKey.Stderr, StringComparison.Ordinal);

        var withKey = await Run(null, "dockercfg", "import", encrypted, "--key-file", key, "--no-verify");
        Assert.Contains("3 imported", withKey.Stdout, StringComparison.Ordinal);

        var broken = _home.Combine("broken.json");
        await File.WriteAllTextAsync(broken, "{\"auths\": {}}\n}");
        var parse = await Run(null, "dockercfg", "import", broken);
        Assert.Equal(2, parse.Code);
        Assert.Contains("Failed to parse dockercfg: invalid character '}' after top-level value (line 2, column 1)", parse.Stderr, StringComparison.Ordinal);
    }

    private static (string?, string?, string?, string?) Outcome(JsonElement entry) =>
        (entry.GetProperty("outcome").GetString(), entry.GetProperty("origin").GetString(), entry.GetProperty("name").GetString(), entry.GetProperty("type").GetString());
}

/// <summary>Tests that change process-wide environment variables (PATH) run one at a time, apart from each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
