using System.Text;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests.Connections;

/// <summary>A private (htpasswd) registry with an image, for the connection commands.</summary>
public sealed class PrivateRegistryWorld : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "Lab-Pa55word-4471";

    private readonly TempDirectory _temp = new("berth-connect");

    public RegistryServer Registry { get; private set; } = null!;

    public OciLayoutImage Image { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { [User] = Password } });
        Image = await TestImages.CreateAsync(_temp.Combine("img"), "v1", new TestImageSpec { LayerSize = 10_000 });
        var creds = new RegistryCredentials(User, Password);
        await RegistrySeeder.PushWithHttpAsync(Image, Registry, "some/repo", "v1", creds);
        await RegistrySeeder.PushWithHttpAsync(Image, Registry, "team/app", "v2", creds);
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        _temp.Dispose();
    }
}

public sealed class ConnectCommandTests(PrivateRegistryWorld world) : IClassFixture<PrivateRegistryWorld>, IDisposable
{
    private readonly TempDirectory _home = new("berth-home");
    private readonly StringBuilder _allOutput = new();

    private async Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Path, .. args]);
        _allOutput.Append(result.Stdout).Append(result.Stderr);
        return result;
    }

    private string Host => world.Registry.Host;

    [Fact]
    public async Task Connect_then_tags_and_inspect_need_no_credential_flags()
    {
        var connect = await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "lab", "--url", Host,
            "--username", PrivateRegistryWorld.User, "--password-stdin", "--repositories", "some/repo");
        Assert.True(connect.Code == 0, connect.Stderr);
        Assert.Contains("authenticate: Basic accepted", connect.Stdout, StringComparison.Ordinal);
        Assert.Contains("connected 'lab'", connect.Stdout, StringComparison.Ordinal);

        var tags = await Run(null, "tags", $"{Host}/some/repo");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal("v1", tags.Stdout.Trim());

        var inspect = await Run(null, "inspect", $"{Host}/team/app:v2", "--output", "json");
        Assert.True(inspect.Code == 0, inspect.Stderr);
        Assert.Equal(world.Image.Digest, JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("digest").GetString());

        var debug = await Run(null, "--debug", "tags", $"{Host}/some/repo");
        Assert.True(debug.Code == 0, debug.Stderr);
        Assert.Contains($"debug: GET http://{Host}/v2/some/repo/tags/list -> 200", debug.Stderr, StringComparison.Ordinal);

        var catalog = await Run(null, "catalog", Host);
        Assert.True(catalog.Code == 0, catalog.Stderr);
        Assert.Equal(["some/repo", "team/app"], catalog.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        AssertNoSecretAnywhere();
    }

    [Fact]
    public async Task Wrong_password_is_refused_naming_registry_and_401_and_nothing_is_saved()
    {
        var connect = await Run("not-the-password", "connect", "generic", "--name", "lab", "--url", Host,
            "--username", PrivateRegistryWorld.User, "--password-stdin");
        Assert.Equal(1, connect.Code);
        Assert.Contains(Host, connect.Stdout + connect.Stderr, StringComparison.Ordinal);
        Assert.Contains("401", connect.Stdout + connect.Stderr, StringComparison.Ordinal);
        Assert.Contains("was not saved", connect.Stderr, StringComparison.Ordinal);

        var list = await Run(null, "registries", "list", "--output", "json");
        Assert.Equal(0, list.Code);
        Assert.Equal(0, JsonDocument.Parse(list.Stdout).RootElement.GetArrayLength());

        var unverified = await Run("not-the-password", "connect", "generic", "--name", "lab", "--url", Host,
            "--username", PrivateRegistryWorld.User, "--password-stdin", "--no-verify");
        Assert.Equal(0, unverified.Code);
        var verify = await Run(null, "registries", "verify", "lab");
        Assert.Equal(1, verify.Code);
        Assert.Contains("FAIL  authenticate", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", string.Concat(_allOutput), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_show_rename_verify_resolve_remove()
    {
        Assert.Equal(0, (await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "whole", "--url", Host,
            "--username", PrivateRegistryWorld.User, "--password-stdin")).Code);
        Assert.Equal(0, (await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "team", "--url", $"{Host}/team",
            "--username", PrivateRegistryWorld.User, "--password-stdin", "--repositories", "team/app,team/empty")).Code);

        var resolveTeam = await Run(null, "registries", "resolve", $"{Host}/team/app:v2", "--output", "json");
        Assert.Equal("team", JsonDocument.Parse(resolveTeam.Stdout).RootElement.GetProperty("connection").GetString());
        var resolveOther = await Run(null, "registries", "resolve", $"{Host}/teamwork/app");
        Assert.Contains("served by 'whole'", resolveOther.Stdout, StringComparison.Ordinal);
        var resolveNone = await Run(null, "registries", "resolve", "ghcr.io/o/a");
        Assert.Contains("no connection serves registry ghcr.io", resolveNone.Stdout, StringComparison.Ordinal);

        var verify = await Run(null, "registries", "verify", "team", "--output", "json");
        Assert.Equal(0, verify.Code);
        var steps = JsonDocument.Parse(verify.Stdout).RootElement.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("step").GetString()!, s => s.GetProperty("outcome").GetString());
        Assert.Equal("ok", steps["tags team/app"]);
        Assert.Equal("warning", steps["tags team/empty"]);

        var list = await Run(null, "registries", "list");
        Assert.Contains("team", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("password set", list.Stdout, StringComparison.Ordinal);

        var show = await Run(null, "registries", "show", "team", "--output", "json");
        var view = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal("alice", view.GetProperty("username").GetString());
        Assert.StartsWith("set", view.GetProperty("secrets").GetProperty("password").GetString(), StringComparison.Ordinal);
        Assert.True(view.GetProperty("lastVerifyOk").GetBoolean());

        var repos = await Run(null, "repos", "team");
        Assert.Equal(["team/app", "team/empty"], repos.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(0, (await Run(null, "registries", "rename", "team", "squad")).Code);
        var clash = await Run(null, "registries", "rename", "squad", "whole");
        Assert.Equal(1, clash.Code); // a taken name is a conflict with what exists, not malformed input
        Assert.Contains("whole", clash.Stderr, StringComparison.Ordinal);

        var unconfirmed = await Run(null, "registries", "remove", "squad");
        Assert.Equal(2, unconfirmed.Code);
        Assert.Contains("--yes", unconfirmed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await Run(null, "registries", "remove", "squad", "--yes")).Code);
        var missing = await Run(null, "registries", "show", "squad");
        Assert.Equal(1, missing.Code); // not found, as from every front end
        Assert.Contains("saved connections: whole", missing.Stderr, StringComparison.Ordinal);

        AssertNoSecretAnywhere();
    }

    [Fact]
    public async Task Password_command_and_file_sources_work_without_a_stored_password()
    {
        var file = Path.Combine(_home.Path, "pw.txt");
        await File.WriteAllTextAsync(file, PrivateRegistryWorld.Password + "\n");
        var viaFile = await Run(null, "connect", "generic", "--name", "by-file", "--url", Host, "--username", PrivateRegistryWorld.User,
            "--password-file", file);
        Assert.True(viaFile.Code == 0, viaFile.Stdout + viaFile.Stderr);

        var viaCommand = await Run(null, "connect", "generic", "--name", "by-cmd", "--url", Host, "--username", PrivateRegistryWorld.User,
            "--password-command", $"cat '{file}'");
        Assert.True(viaCommand.Code == 0, viaCommand.Stdout + viaCommand.Stderr);

        var failing = await Run(null, "connect", "generic", "--name", "bad-cmd", "--url", Host, "--username", PrivateRegistryWorld.User,
            "--password-command", "sh -c 'echo no-such-vault >&2; exit 3'");
        Assert.Equal(1, failing.Code);
        Assert.Contains("3", failing.Stdout + failing.Stderr, StringComparison.Ordinal);
        Assert.Contains("no-such-vault", failing.Stdout + failing.Stderr, StringComparison.Ordinal);

        var both = await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "both", "--url", Host, "--username", "alice",
            "--password-stdin", "--password-file", file);
        Assert.Equal(2, both.Code);
        AssertNoSecretAnywhere();
    }

    [Theory]
    [InlineData(new[] { "connect", "nosuch", "--url", "x.example" }, "unknown registry type")]
    [InlineData(new[] { "connect", "ecr", "--url", "123456789012.dkr.ecr.amazonaws.com", "--access-key-id", "AKIDEXAMPLE", "--no-verify" }, "region")]
    [InlineData(new[] { "connect", "acr", "--url", "myreg.azurecr.io/team", "--username", "u", "--no-verify" }, "path")]
    [InlineData(new[] { "connect", "generic", "--url", "Bad Host!", "--no-verify" }, "URL")]
    public async Task Invalid_input_is_a_usage_error_naming_the_problem(string[] args, string expected)
    {
        var result = await Run("secret-value-1", args);
        Assert.Equal(2, result.Code);
        Assert.Contains(expected, result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Duplicate_name_is_refused()
    {
        Assert.Equal(0, (await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "dup", "--url", Host, "--username", "alice", "--password-stdin")).Code);
        var again = await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "dup", "--url", Host, "--username", "alice", "--password-stdin");
        Assert.Equal(1, again.Code); // a conflict with what exists, as 'registries rename' to a taken name

        Assert.Contains("already exists", again.Stderr, StringComparison.Ordinal);
    }

    private void AssertNoSecretAnywhere()
    {
        var secret = PrivateRegistryWorld.Password;
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PrivateRegistryWorld.User}:{secret}"));
        Assert.DoesNotContain(secret, _allOutput.ToString(), StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(_home.Path, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith("pw.txt", StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} holds the password in clear");
            Assert.False(text.Contains(b64, StringComparison.Ordinal), $"{file} holds the password in base64");
            Assert.False(text.Contains(basic, StringComparison.Ordinal), $"{file} holds a Basic credential");
        }
    }

    public void Dispose() => _home.Dispose();
}
