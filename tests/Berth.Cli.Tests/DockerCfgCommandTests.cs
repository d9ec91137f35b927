using System.Text;
using System.Text.Json;
using Berth.Cli;
using Berth.DockerConfig;

namespace Berth.Cli.Tests;

public sealed class DockerCfgCommandTests : IDisposable
{
    private const string PlainConfig = "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"dXNlcjpwYXNz\",\n\t\t\t\"email\": \"me@example.com\"\n\t\t}\n\t}\n}\n";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-cli-cfg-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static async Task<(int Code, string Out, string Err)> Run(string[] args, byte[]? stdin = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var input = stdin is null ? null : new MemoryStream(stdin);
        var code = await CliApp.RunAsync(args, stdout, stderr, input);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> Keygen(string name = "key.aes")
    {
        var (code, _, err) = await Run(["dockercfg", "keygen", "-o", PathOf(name)]);
        Assert.True(code == 0, err);
        return PathOf(name);
    }

    [Fact]
    public async Task Keygen_encrypt_decrypt_round_trips_byte_for_byte()
    {
        var key = await Keygen();
        await File.WriteAllTextAsync(PathOf("dockercfg"), PlainConfig);

        var enc = await Run(["dockercfg", "encrypt", "--key-file", key, PathOf("dockercfg"), PathOf("dockercfg.encrypted")]);
        Assert.Equal(0, enc.Code);
        Assert.Equal("", enc.Err);
        Assert.DoesNotContain("dXNlcjpwYXNz", await File.ReadAllTextAsync(PathOf("dockercfg.encrypted")), StringComparison.Ordinal);

        var dec = await Run(["dockercfg", "decrypt", "--key-file", key, PathOf("dockercfg.encrypted"), PathOf("out.json")]);
        Assert.Equal(0, dec.Code);
        Assert.Equal(await File.ReadAllBytesAsync(PathOf("dockercfg")), await File.ReadAllBytesAsync(PathOf("out.json")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("out.json")));
        }
    }

    [Fact]
    public async Task Stdin_and_stdout_work_with_dash()
    {
        var key = await Keygen();
        var enc = await Run(["dockercfg", "encrypt", "-k", key, "-", "-"], Encoding.UTF8.GetBytes(PlainConfig));
        Assert.Equal(0, enc.Code);
        Assert.StartsWith("-----BEGIN BERTH ENCRYPTED DOCKERCFG-----\n", enc.Out, StringComparison.Ordinal);

        var dec = await Run(["dockercfg", "decrypt", "-k", key, "-", "-"], Encoding.ASCII.GetBytes(enc.Out));
        Assert.Equal(0, dec.Code);
        Assert.Equal(PlainConfig, dec.Out);
    }

    [Fact]
    public async Task Keygen_writes_a_0600_key_and_reports_json()
    {
        var path = PathOf("codeship.aes");
        var (code, stdout, stderr) = await Run(["dockercfg", "keygen", "-o", path, "--output", "json"]);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(path, json.RootElement.GetProperty("keyFile").GetString());
        var key = await DockerConfigKey.ReadFileAsync(path, CancellationToken.None);
        Assert.Equal(key.KeyId, json.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        Assert.DoesNotContain((await File.ReadAllTextAsync(path)).Trim()["berth-aes256-v1:".Length..], stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Keygen_refuses_to_overwrite_without_force()
    {
        var path = await Keygen();
        var before = await File.ReadAllTextAsync(path);

        var (code, stdout, stderr) = await Run(["dockercfg", "keygen", "-o", path]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"berth: '{path}' already exists; pass --force to replace it", stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(path));

        var forced = await Run(["dockercfg", "keygen", "-o", path, "--force"]);
        Assert.Equal(0, forced.Code);
        Assert.NotEqual(before, await File.ReadAllTextAsync(path));
    }

    public static TheoryData<string, int, string> DecryptErrors => new()
    {
        { "wrong-key", 1, "berth: the key does not match this file (key id " },
        { "no-key-option", 2, "berth: no decryptor available: AES key missing (give the key file with --key-file FILE)" },
        { "missing-key-file", 2, "berth: no decryptor available: AES key missing (key file '" },
        { "empty-key-file", 2, "berth: key file '" },
        { "tampered", 1, "berth: encrypted dockercfg failed authentication: the file was modified or the key is wrong" },
        { "truncated", 1, "berth: encrypted dockercfg is truncated" },
        { "not-encrypted", 2, "berth: this is not an encrypted dockercfg" },
        { "missing-input", 2, "berth: '" },
    };

    [Theory]
    [MemberData(nameof(DecryptErrors))]
    public async Task Decrypt_errors_print_one_line_exit_non_zero_and_leave_no_output(string scenario, int expectedCode, string expectedStart)
    {
        var key = await Keygen();
        var otherKey = await Keygen("other.aes");
        await File.WriteAllTextAsync(PathOf("plain.json"), PlainConfig);
        var keyValue = await DockerConfigKey.ReadFileAsync(key, CancellationToken.None);
        var encrypted = DockerConfigCipher.Encrypt(Encoding.UTF8.GetBytes(PlainConfig), keyValue, armored: false);
        var input = PathOf("in.enc");
        var keyArgs = new[] { "--key-file", key };
        switch (scenario)
        {
            case "wrong-key":
                keyArgs = ["--key-file", otherKey];
                break;
            case "no-key-option":
                keyArgs = [];
                break;
            case "missing-key-file":
                keyArgs = ["--key-file", PathOf("absent.aes")];
                break;
            case "empty-key-file":
                await File.WriteAllTextAsync(PathOf("empty.aes"), "");
                keyArgs = ["--key-file", PathOf("empty.aes")];
                break;
            case "tampered":
                encrypted[40] ^= 0x20;
                break;
            case "truncated":
                encrypted = encrypted[..(encrypted.Length - 5)];
                break;
            case "not-encrypted":
                encrypted = Encoding.UTF8.GetBytes(PlainConfig);
                break;
            case "missing-input":
                input = PathOf("absent.enc");
                break;
        }

        if (scenario != "missing-input")
        {
            await File.WriteAllBytesAsync(input, encrypted);
        }

        var (code, stdout, stderr) = await Run(["dockercfg", "decrypt", .. keyArgs, input, PathOf("out.json")]);

        Assert.Equal(expectedCode, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(expectedStart, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(" at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("out.json")));
        Assert.DoesNotContain(_dir.GetFiles(), f => f.Name.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_key_message_names_both_key_ids()
    {
        var key = await Keygen();
        var other = await Keygen("other.aes");
        await File.WriteAllTextAsync(PathOf("plain.json"), PlainConfig);
        Assert.Equal(0, (await Run(["dockercfg", "encrypt", "-k", key, PathOf("plain.json"), PathOf("enc")])).Code);

        var (_, _, stderr) = await Run(["dockercfg", "decrypt", "-k", other, PathOf("enc"), PathOf("out")]);
        var keyId = (await DockerConfigKey.ReadFileAsync(key, CancellationToken.None)).KeyId;
        var otherId = (await DockerConfigKey.ReadFileAsync(other, CancellationToken.None)).KeyId;
        Assert.Equal($"berth: the key does not match this file (key id {otherId}, file needs {keyId})\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Encrypting_a_broken_dockercfg_fails_with_the_go_message_and_writes_nothing()
    {
        var key = await Keygen();
        await File.WriteAllTextAsync(PathOf("bad.json"), "{\n \"auths\": {}\n}x");

        var (code, stdout, stderr) = await Run(["dockercfg", "encrypt", "--key-file", key, PathOf("bad.json"), PathOf("bad.enc")]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("berth: Failed to parse dockercfg: invalid character 'x' after top-level value (line 3, column 2)\n", stderr.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(PathOf("bad.enc")));
    }

    [Fact]
    public async Task Decrypt_failure_keeps_an_existing_output_file_intact()
    {
        var key = await Keygen();
        var other = await Keygen("other.aes");
        await File.WriteAllTextAsync(PathOf("plain.json"), PlainConfig);
        await Run(["dockercfg", "encrypt", "-k", key, PathOf("plain.json"), PathOf("enc")]);
        await File.WriteAllTextAsync(PathOf("out.json"), "previous");

        var (code, _, _) = await Run(["dockercfg", "decrypt", "-k", other, PathOf("enc"), PathOf("out.json")]);

        Assert.Equal(1, code);
        Assert.Equal("previous", await File.ReadAllTextAsync(PathOf("out.json")));
    }

    [Fact]
    public async Task Missing_arguments_are_usage_errors()
    {
        var (code, _, stderr) = await Run(["dockercfg", "encrypt", "--key-file", "k"]);
        Assert.Equal(2, code);
        Assert.StartsWith("berth: ", stderr, StringComparison.Ordinal);
    }
}
