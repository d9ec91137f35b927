using System.Text.Json;
using Berth.Cli.Tests.Connections;
using Berth.Testing;

namespace Berth.Cli.Tests.DockerConfig;

/// <summary>
/// <c>docker-credential-berth</c> as docker and skopeo meet it: a symlink to the real berth executable (the AOT
/// binary under test.sh, else the apphost built next to these tests), found on PATH, answering from the store in
/// <c>BERTH_HOME</c> with no flags.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, sh scripts and skopeo
public sealed class CredentialHelperTests(PrivateRegistryWorld world) : IClassFixture<PrivateRegistryWorld>, IDisposable
{
    private readonly TempDirectory _home = new("berth-helper");

    private string Host => world.Registry.Host;

    private string DataDir => _home.CreateSubdirectory("data");

    private Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args) =>
        CliRunner.RunWithInputAsync(stdin, ["--data-dir", DataDir, .. args]);

    private Dictionary<string, string> HelperEnvironment(string bin) => new()
    {
        ["BERTH_HOME"] = DataDir,
        ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
    };

    private async Task ConnectLabAsync()
    {
        var connect = await Run(PrivateRegistryWorld.Password, "connect", "generic", "--name", "lab", "--url", Host,
            "--username", PrivateRegistryWorld.User, "--password-stdin");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
    }

    /// <summary><c>berth credential-helper install --dir BIN</c>, run as a process so it links to a real executable.</summary>
    private async Task<string> InstallAsync()
    {
        var bin = _home.Combine("bin");
        var install = await CliRunner.RunProcessAsync(CliRunner.Executable, null, new Dictionary<string, string> { ["BERTH_HOME"] = DataDir },
            "credential-helper", "install", "--dir", bin);
        Assert.True(install.Code == 0, install.Stdout + install.Stderr);
        var link = Path.Combine(bin, "docker-credential-berth");
        Assert.Contains($"linked {link} -> ", install.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\"{Host}\": \"berth\"", install.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"credsStore\": \"berth\"", install.Stdout, StringComparison.Ordinal);
        var target = new FileInfo(link).LinkTarget;
        Assert.NotNull(target);
        Assert.Equal(Resolve(CliRunner.Executable), Resolve(target));
        return bin;
    }

    private static string Resolve(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    [Fact]
    public async Task Skopeo_reads_the_private_registry_through_credHelpers_and_the_symlinked_helper()
    {
        await ConnectLabAsync();
        var bin = await InstallAsync();
        var authFile = _home.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, $$$"""{"credHelpers":{"{{{Host}}}":"berth"}}""");

        var inspect = await Skopeo.RunWithEnvironmentAsync(
            ["inspect", "--authfile", authFile, .. Skopeo.TlsArgs(world.Registry), $"docker://{Host}/some/repo:v1"], HelperEnvironment(bin));
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        Assert.Equal(world.Image.Digest, JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("Digest").GetString());

        // The same, without the helper configured: the registry refuses.
        var none = _home.Combine("none.json");
        await File.WriteAllTextAsync(none, "{}");
        var refused = await Skopeo.RunWithEnvironmentAsync(
            ["inspect", "--authfile", none, .. Skopeo.TlsArgs(world.Registry), $"docker://{Host}/some/repo:v1"], HelperEnvironment(bin));
        Assert.NotEqual(0, refused.ExitCode);

        var audit = await ExportTestSupport.AuditAsync(DataDir);
        Assert.Contains(audit, a => a.Action == "credential.read" && a.Actor == "credential-helper");
    }

    [Fact]
    public async Task The_helper_speaks_the_protocol_under_its_own_name()
    {
        await ConnectLabAsync();
        var bin = await InstallAsync();
        var helper = Path.Combine(bin, "docker-credential-berth");
        var env = HelperEnvironment(bin);

        foreach (var spelling in new[] { Host, $"https://{Host}", $"http://{Host}/v2/" })
        {
            var get = await CliRunner.RunProcessAsync(helper, spelling + "\n", env, "get");
            Assert.True(get.Code == 0, get.Stdout + get.Stderr);
            var answer = JsonDocument.Parse(get.Stdout).RootElement;
            Assert.Equal(spelling, answer.GetProperty("ServerURL").GetString());
            Assert.Equal(PrivateRegistryWorld.User, answer.GetProperty("Username").GetString());
            Assert.Equal(PrivateRegistryWorld.Password, answer.GetProperty("Secret").GetString());
        }

        var unknown = await CliRunner.RunProcessAsync(helper, "unknown.example.com", env, "get");
        Assert.Equal(1, unknown.Code);
        Assert.Equal("credentials not found in native keychain\n", unknown.Stdout);

        var list = await CliRunner.RunProcessAsync(helper, null, env, "list");
        Assert.Equal(0, list.Code);
        Assert.Equal($$"""{"{{Host}}":"{{PrivateRegistryWorld.User}}"}""", list.Stdout.Trim());

        // store and erase change nothing unless BERTH_HELPER_ALLOW_STORE=1: one line on stdout, exit 1.
        const string Login = """{"ServerURL":"https://registry.example.com","Username":"ci","Secret":"ci-secret"}""";
        var refused = await CliRunner.RunProcessAsync(helper, Login, env, "store");
        Assert.Equal(1, refused.Code);
        Assert.Contains("BERTH_HELPER_ALLOW_STORE=1", refused.Stdout, StringComparison.Ordinal);
        Assert.Single(refused.Stdout.Trim().Split('\n'));
        Assert.DoesNotContain("ci-secret", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        var notStored = await CliRunner.RunProcessAsync(helper, "registry.example.com", env, "get");
        Assert.Equal((1, "credentials not found in native keychain\n"), (notStored.Code, notStored.Stdout));

        // The verified connection 'lab' is never replaced or removed, even when changes are allowed.
        var allowed = new Dictionary<string, string>(env) { ["BERTH_HELPER_ALLOW_STORE"] = "1" };
        var replace = await CliRunner.RunProcessAsync(helper, $$"""{"ServerURL":"{{Host}}","Username":"mallory","Secret":"stolen"}""", allowed, "store");
        Assert.Equal(1, replace.Code);
        Assert.Contains("connection 'lab'", replace.Stdout, StringComparison.Ordinal);
        var keep = await CliRunner.RunProcessAsync(helper, Host, allowed, "erase");
        Assert.Equal(1, keep.Code);
        var still = await CliRunner.RunProcessAsync(helper, Host, env, "get");
        Assert.Equal(PrivateRegistryWorld.Password, JsonDocument.Parse(still.Stdout).RootElement.GetProperty("Secret").GetString());

        // Enabled, 'docker login' and 'docker logout' for a new registry work.
        var store = await CliRunner.RunProcessAsync(helper, Login, allowed, "store");
        Assert.True(store.Code == 0, store.Stdout + store.Stderr);
        var stored = await CliRunner.RunProcessAsync(helper, "registry.example.com", env, "get");
        Assert.Equal("ci-secret", JsonDocument.Parse(stored.Stdout).RootElement.GetProperty("Secret").GetString());
        var again = await CliRunner.RunProcessAsync(helper, Login, env, "store");
        Assert.True(again.Code == 0, "storing the same credentials again needs no switch: " + again.Stdout);

        var keptByDefault = await CliRunner.RunProcessAsync(helper, "https://registry.example.com", env, "erase");
        Assert.Equal(1, keptByDefault.Code);
        var erase = await CliRunner.RunProcessAsync(helper, "https://registry.example.com", allowed, "erase");
        Assert.Equal(0, erase.Code);
        var gone = await CliRunner.RunProcessAsync(helper, "registry.example.com", env, "get");
        Assert.Equal((1, "credentials not found in native keychain\n"), (gone.Code, gone.Stdout));

        var usage = await CliRunner.RunProcessAsync(helper, null, env, "bogus");
        Assert.Equal(1, usage.Code);
        Assert.StartsWith("Usage: docker-credential-berth", usage.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Berth_credential_helper_is_the_same_protocol_under_the_main_name()
    {
        await ConnectLabAsync();
        var get = await Run(Host, "credential-helper", "get");
        Assert.True(get.Code == 0, get.Stdout + get.Stderr);
        Assert.Equal(PrivateRegistryWorld.Password, JsonDocument.Parse(get.Stdout).RootElement.GetProperty("Secret").GetString());

        var unknown = await Run("ghcr.io", "credential-helper", "get");
        Assert.Equal((1, "credentials not found in native keychain\n"), (unknown.Code, unknown.Stdout.ReplaceLineEndings("\n")));

        var empty = await Run("", "credential-helper", "get");
        Assert.Equal((1, "no credentials server URL"), (empty.Code, empty.Stdout.Trim()));

        var identity = await Run("""{"ServerURL":"ghcr.io","Username":"<token>","Secret":"refresh-xyz"}""", "credential-helper", "store");
        Assert.Equal(1, identity.Code);
        Assert.Contains("identity token", identity.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh-xyz", identity.Stdout + identity.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_refuses_to_replace_a_foreign_file_without_force()
    {
        var bin = _home.CreateSubdirectory("bin");
        var link = Path.Combine(bin, "docker-credential-berth");
        await File.WriteAllTextAsync(link, "#!/bin/sh\n");
        var env = new Dictionary<string, string> { ["BERTH_HOME"] = DataDir };

        var refused = await CliRunner.RunProcessAsync(CliRunner.Executable, null, env, "credential-helper", "install", "--dir", bin);
        Assert.Equal(1, refused.Code);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(new FileInfo(link).LinkTarget);

        var forced = await CliRunner.RunProcessAsync(CliRunner.Executable, null, env, "credential-helper", "install", "--dir", bin, "--force", "--output", "json");
        Assert.True(forced.Code == 0, forced.Stderr);
        var result = JsonDocument.Parse(forced.Stdout).RootElement;
        Assert.Equal(link, result.GetProperty("link").GetString());
        Assert.False(result.GetProperty("onPath").GetBoolean());
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    public void Dispose() => _home.Dispose();
}
