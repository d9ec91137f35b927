using System.Security.Cryptography;
using System.Text.Json;
using Berth.Testing;
using Microsoft.Data.Sqlite;

namespace Berth.Cli.Tests.Connections;

/// <summary>
/// Issue 14, finding 9, as the CLI user meets it (berth run as a process, so the environment is its own): one
/// tampered ciphertext leaves every other connection working and the damaged one flagged; a wrong or damaged
/// master key is one line and exit 1 from every command, never a stack trace.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes
public sealed class DamagedStoreTests : IDisposable
{
    private readonly TempDirectory _scratch = new("berth-damaged");

    private string Home => _scratch.Combine("home");

    private Task<(int Code, string Stdout, string Stderr)> BerthWith(string? stdin, IReadOnlyDictionary<string, string>? extra, params string[] args)
    {
        var env = new Dictionary<string, string> { ["BERTH_HOME"] = Home };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        return CliRunner.RunProcessAsync(CliRunner.Executable, stdin, env, args);
    }

    private Task<(int Code, string Stdout, string Stderr)> Berth(params string[] args) => BerthWith(null, null, args);

    private async Task ConnectAsync(string name)
    {
        var connect = await BerthWith($"pw-{name}-secret", null, "connect", "generic", "--name", name, "--url", $"{name}.example.com", "--username", "u",
            "--password-stdin", "--no-verify");
        Assert.True(connect.Code == 0, connect.Stderr);
    }

    private async Task SqlAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(Home, "berth.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void AssertOneLine(int expectedCode, (int Code, string Stdout, string Stderr) result, string expected)
    {
        Assert.True(result.Code == expectedCode, $"exit {result.Code}: {result.Stdout}{result.Stderr}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line, got: " + result.Stderr);
        Assert.StartsWith("berth", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_ciphertext_is_flagged_on_its_connection_and_the_others_keep_working()
    {
        await ConnectAsync("damaged");
        await ConnectAsync("intact");
        await SqlAsync("UPDATE connection_secrets SET envelope = substr(envelope, 1, length(envelope) - 3) || 'AAA' "
            + "WHERE connection_id = (SELECT id FROM connections WHERE name = 'damaged')");

        var list = await Berth("registries", "list");
        Assert.True(list.Code == 0, list.Stderr);
        Assert.Matches(@"damaged\s+generic\s+damaged\.example\.com\s+u\s+password UNREADABLE", list.Stdout);
        Assert.Matches(@"intact\s+generic\s+intact\.example\.com\s+u\s+password set", list.Stdout);
        Assert.Contains("berth: warning: connection 'damaged': stored secret 'password' is unreadable", list.Stderr, StringComparison.Ordinal);

        var json = await Berth("registries", "list", "--output", "json");
        Assert.True(json.Code == 0, json.Stderr);
        var views = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.False(views["damaged"].GetProperty("secretsReadable").GetBoolean());
        Assert.Equal("unreadable", views["damaged"].GetProperty("secrets").GetProperty("password").GetString());
        Assert.Contains("re-enter it", views["damaged"].GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.True(views["intact"].GetProperty("secretsReadable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, views["intact"].GetProperty("problem").ValueKind);

        // Using the damaged one fails with the message; the intact one still gives its credential.
        AssertOneLine(1, await Berth("dockercfg", "export", "damaged"), "connection 'damaged': stored secret 'password' is unreadable");
        var export = await Berth("dockercfg", "export", "intact");
        Assert.True(export.Code == 0, export.Stderr);
        var helper = await BerthWith("damaged.example.com", null, "credential-helper", "get");
        Assert.Equal(1, helper.Code);
        Assert.StartsWith("connection 'damaged': stored secret 'password' is unreadable", helper.Stdout, StringComparison.Ordinal);
        var other = await BerthWith("intact.example.com", null, "credential-helper", "get");
        Assert.Equal("pw-intact-secret", JsonDocument.Parse(other.Stdout).RootElement.GetProperty("Secret").GetString());
        var show = await Berth("registries", "show", "damaged");
        Assert.True(show.Code == 0, show.Stderr);
        Assert.Matches(@"problem\s+connection 'damaged'", show.Stdout);

        // The fix the message names: remove it and connect it again.
        Assert.Equal(0, (await Berth("registries", "remove", "damaged", "--yes")).Code);
        await ConnectAsync("damaged");
        Assert.Equal(0, (await Berth("dockercfg", "export", "damaged")).Code);
    }

    [Fact]
    public async Task A_wrong_or_damaged_master_key_is_one_line_and_exit_1_from_every_command()
    {
        await ConnectAsync("lab");
        var keyFile = Path.Combine(Home, "master.key");
        var goodKey = await File.ReadAllTextAsync(keyFile);
        string[][] commands =
        [
            ["registries", "list"],
            ["registries", "show", "lab"],
            ["registries", "remove", "lab", "--yes"],
            ["dockercfg", "export"],
            ["registries", "resolve", "lab.example.com/app"],
            ["tokens", "create", "--org", "default", "--role", "admin"],
            ["connect", "generic", "--name", "x", "--url", "x.example.com", "--username", "u", "--password-stdin", "--no-verify"],
        ];

        async Task EveryCommandSays(string expected, IReadOnlyDictionary<string, string>? env = null)
        {
            foreach (var args in commands)
            {
                AssertOneLine(1, await BerthWith("pw", env, args), expected);
            }

            var helper = await BerthWith("lab.example.com", env, "credential-helper", "get");
            Assert.Equal(1, helper.Code);
            Assert.Contains(expected, helper.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", helper.Stdout + helper.Stderr, StringComparison.Ordinal);
        }

        var wrong = new Dictionary<string, string> { ["BERTH_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        await EveryCommandSays("the stored secrets were encrypted with master key id", wrong);
        await EveryCommandSays("BERTH_MASTER_KEY is not a valid master key", new Dictionary<string, string> { ["BERTH_MASTER_KEY"] = "not-a-key" });

        await File.WriteAllTextAsync(keyFile, "garbage!\n");
        await EveryCommandSays("is not a valid master key: it is not base64");
        await File.WriteAllTextAsync(keyFile, goodKey[..20]);
        await EveryCommandSays("is not a valid master key");
        await File.WriteAllTextAsync(keyFile, "");
        await EveryCommandSays("is not a valid master key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await EveryCommandSays("Restore the original key file");
        File.Delete(keyFile);
        Directory.CreateDirectory(keyFile);
        await EveryCommandSays("is a directory");
        Directory.Delete(keyFile);

        // The good key back: everything works again, nothing was lost.
        await File.WriteAllTextAsync(keyFile, goodKey);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var list = await Berth("registries", "list");
        Assert.True(list.Code == 0, list.Stderr);
        Assert.Contains("lab", list.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
