using System.Text;
using System.Text.Json;
using Berth.Cli.Tests.Connections;
using Berth.Connections.Providers;
using Berth.Testing;
using Berth.Testing.Providers;
using static Berth.Cli.Tests.DockerConfig.ExportTestSupport;

namespace Berth.Cli.Tests.DockerConfig;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes, sh scripts and skopeo
public sealed class DockerCfgExportTests(PrivateRegistryWorld world) : IClassFixture<PrivateRegistryWorld>, IDisposable
{
    private readonly TempDirectory _home = new("berth-export");
    private readonly StringBuilder _allOutput = new();

    private string Host => world.Registry.Host;

    private async Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Path, .. args]);
        _allOutput.Append(result.Stdout).Append(result.Stderr);
        return result;
    }

    private async Task ConnectAsync(string name, string url, string password, bool verify = true)
    {
        var result = await Run(password, ["connect", "generic", "--name", name, "--url", url, "--username", PrivateRegistryWorld.User, "--password-stdin",
            .. verify ? Array.Empty<string>() : ["--no-verify"]]);
        Assert.True(result.Code == 0, result.Stdout + result.Stderr);
    }

    private Task<ProcessResult> SkopeoInspectAsync(string authFile, string reference) =>
        Skopeo.RunAsync(["inspect", "--authfile", authFile, .. Skopeo.TlsArgs(world.Registry), $"docker://{reference}"], null);

    [Fact]
    public async Task Exported_file_lets_skopeo_read_the_private_registry_and_an_empty_one_does_not()
    {
        await ConnectAsync("lab", Host, PrivateRegistryWorld.Password);
        var file = _home.Combine("config.json");

        var export = await Run(null, "dockercfg", "export", "-o", file);
        Assert.True(export.Code == 0, export.Stderr);
        Assert.Contains($"wrote 1 connection to {file} (mode 0600)", export.Stdout, StringComparison.Ordinal);
        Assert.Contains($"lab (generic): {Host}", export.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var auths = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("auths");
        Assert.Equal(Basic(PrivateRegistryWorld.User, PrivateRegistryWorld.Password), auths.GetProperty(Host).GetProperty("auth").GetString());

        var inspect = await SkopeoInspectAsync(file, $"{Host}/some/repo:v1");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        Assert.Equal(world.Image.Digest, JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("Digest").GetString());

        var empty = _home.Combine("empty.json");
        await File.WriteAllTextAsync(empty, "{}");
        var refused = await SkopeoInspectAsync(empty, $"{Host}/some/repo:v1");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("unauthorized", refused.Stderr, StringComparison.OrdinalIgnoreCase);

        var audit = await AuditAsync(_home.Path);
        var read = Assert.Single(audit, a => a.Action == "credential.read");
        Assert.Equal("lab: dockercfg export", read.Detail);
        Assert.Equal("cli", read.Actor);
        Assert.DoesNotContain(PrivateRegistryWorld.Password, _allOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Namespaced_connections_are_keyed_host_slash_namespace_and_skopeo_picks_the_most_specific()
    {
        // Same host, two namespaces: the right password for team/, a wrong one for some/.
        await ConnectAsync("team", $"{Host}/team", PrivateRegistryWorld.Password);
        await ConnectAsync("some", $"{Host}/some", "wrong-password-for-some", verify: false);
        var file = _home.Combine("ns.json");

        var export = await Run(null, "dockercfg", "export", "team", "some", "-o", file, "--output", "json");
        Assert.True(export.Code == 0, export.Stderr);
        var summary = JsonDocument.Parse(export.Stdout).RootElement;
        Assert.Equal(file, summary.GetProperty("file").GetString());
        Assert.False(summary.GetProperty("encrypted").GetBoolean());
        var keys = summary.GetProperty("connections").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("keys").EnumerateArray().Select(k => k.GetString()).Single());
        Assert.Equal(new Dictionary<string, string?> { ["team"] = $"{Host}/team", ["some"] = $"{Host}/some" }, keys);

        var team = await SkopeoInspectAsync(file, $"{Host}/team/app:v2");
        Assert.True(team.ExitCode == 0, team.Stderr);
        var some = await SkopeoInspectAsync(file, $"{Host}/some/repo:v1");
        Assert.NotEqual(0, some.ExitCode);

        Assert.Equal(2, (await AuditAsync(_home.Path)).Count(a => a.Action == "credential.read"));
    }

    [Fact]
    public async Task Encrypted_export_decrypts_to_the_plain_export_and_stdout_gets_the_config()
    {
        await ConnectAsync("lab", Host, PrivateRegistryWorld.Password);
        var key = _home.Combine("codeship.aes");
        Assert.Equal(0, (await Run(null, "dockercfg", "keygen", "-o", key)).Code);

        var plain = await Run(null, "dockercfg", "export", "lab");
        Assert.True(plain.Code == 0, plain.Stderr);
        Assert.Equal(Basic(PrivateRegistryWorld.User, PrivateRegistryWorld.Password),
            JsonDocument.Parse(plain.Stdout).RootElement.GetProperty("auths").GetProperty(Host).GetProperty("auth").GetString());

        var encrypted = _home.Combine("dockercfg.encrypted");
        var export = await Run(null, "dockercfg", "export", "--encrypt", "--key-file", key, "-o", encrypted, "--output", "json");
        Assert.True(export.Code == 0, export.Stderr);
        Assert.True(JsonDocument.Parse(export.Stdout).RootElement.GetProperty("encrypted").GetBoolean());
        var cipherText = await File.ReadAllTextAsync(encrypted);
        Assert.StartsWith("-----BEGIN BERTH ENCRYPTED DOCKERCFG-----", cipherText, StringComparison.Ordinal);
        Assert.DoesNotContain(Basic(PrivateRegistryWorld.User, PrivateRegistryWorld.Password), cipherText, StringComparison.Ordinal);

        var decrypted = await Run(null, "dockercfg", "decrypt", "--key-file", key, encrypted, "-");
        Assert.True(decrypted.Code == 0, decrypted.Stderr);
        Assert.Equal(plain.Stdout, decrypted.Stdout);

        var noKey = await Run(null, "dockercfg", "export", "--encrypt", "-o", encrypted);
        Assert.Equal(2, noKey.Code);
        Assert.Contains("no encryptor available: AES key missing", noKey.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_name_and_empty_store_are_not_found_errors()
    {
        var none = await Run(null, "dockercfg", "export");
        Assert.Equal(1, none.Code);
        Assert.Contains("no connections are saved", none.Stderr, StringComparison.Ordinal);

        await ConnectAsync("lab", Host, PrivateRegistryWorld.Password);
        var missing = await Run(null, "dockercfg", "export", "nosuch", "-o", _home.Combine("x.json"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("saved connections: lab", missing.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_home.Combine("x.json")));
    }

    [Fact]
    public async Task Ecr_connection_exports_AWS_and_a_fresh_token_with_its_expiry()
    {
        await using var ecr = await FakeEcr.StartAsync(TimeProvider.System);
        Environment.SetEnvironmentVariable(ProviderEndpoints.EcrVariable, ecr.Endpoint.ToString());
        try
        {
            const string ecrHost = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
            var connect = await Run(FakeEcr.SecretAccessKey, "connect", "ecr", "--name", "aws", "--url", ecrHost,
                "--access-key-id", FakeEcr.AccessKeyId, "--secret-access-key-stdin", "--no-verify");
            Assert.True(connect.Code == 0, connect.Stderr);

            var file = _home.Combine("ecr.json");
            var before = DateTimeOffset.UtcNow;
            var export = await Run(null, "dockercfg", "export", "aws", "-o", file, "--output", "json");
            Assert.True(export.Code == 0, export.Stderr);
            Assert.Equal(1, ecr.TokensIssued);

            var entry = JsonDocument.Parse(export.Stdout).RootElement.GetProperty("connections").EnumerateArray().Single();
            Assert.Equal("ecr", entry.GetProperty("type").GetString());
            Assert.Equal([ecrHost], entry.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!));
            var expires = entry.GetProperty("expiresAt").GetDateTimeOffset();
            Assert.InRange(expires, before.AddHours(12).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12).AddMinutes(1));

            var auth = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("auths").GetProperty(ecrHost).GetProperty("auth").GetString();
            Assert.Equal(Basic("AWS", FakeEcr.RegistryPassword), auth);
            Assert.DoesNotContain(FakeEcr.RegistryPassword, export.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeEcr.SecretAccessKey, _allOutput.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProviderEndpoints.EcrVariable, null);
        }
    }

    public void Dispose() => _home.Dispose();
}
