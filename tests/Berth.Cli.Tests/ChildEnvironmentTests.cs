using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests;

/// <summary>
/// Issue 14, finding 6: the programs berth starts for the user — a password command, a docker credential helper
/// during <c>dockercfg import</c> — see the user's environment but none of Berth's secrets, though berth itself
/// runs with BERTH_MASTER_KEY, BERTH_DATABASE and BERTH_TOKEN set.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sh scripts and Unix file modes
public sealed class ChildEnvironmentTests : IDisposable
{
    private static readonly string[] Secrets = ["BERTH_MASTER_KEY", "BERTH_DATABASE", "BERTH_TOKEN"];

    private readonly TempDirectory _scratch = new("berth-child-env");

    private Dictionary<string, string> ParentEnvironment() => new()
    {
        ["BERTH_HOME"] = _scratch.Combine("home"),
        ["BERTH_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["BERTH_DATABASE"] = "Data Source=" + _scratch.Combine("store.db"),
        ["BERTH_TOKEN"] = "berth_token_not_for_children",
        ["CHILD_ENV_MARKER"] = "visible",
    };

    private static void AssertNoBerthSecrets(string environment, Dictionary<string, string> parent)
    {
        Assert.Contains("CHILD_ENV_MARKER=visible", environment, StringComparison.Ordinal);
        Assert.Contains("BERTH_HOME=" + parent["BERTH_HOME"], environment, StringComparison.Ordinal);
        foreach (var name in Secrets)
        {
            Assert.DoesNotContain(name + "=", environment, StringComparison.Ordinal);
            Assert.DoesNotContain(parent[name], environment, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_password_command_does_not_get_berths_secrets()
    {
        var env = ParentEnvironment();
        // /usr/bin/env run directly (no shell): its output, the environment it was given, becomes the password.
        var connect = await CliRunner.RunProcessAsync(CliRunner.Executable, null, env,
            "connect", "generic", "--name", "envdump", "--url", "registry.example.com", "--username", "u", "--password-command", "/usr/bin/env", "--no-verify");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);

        var export = await CliRunner.RunProcessAsync(CliRunner.Executable, null, env, "dockercfg", "export", "envdump");
        Assert.True(export.Code == 0, export.Stderr);
        var auth = JsonDocument.Parse(export.Stdout).RootElement.GetProperty("auths").GetProperty("registry.example.com").GetProperty("auth").GetString()!;
        var password = Encoding.UTF8.GetString(Convert.FromBase64String(auth))["u:".Length..];
        AssertNoBerthSecrets(password, env);
    }

    [Fact]
    public async Task A_credential_helper_called_by_dockercfg_import_does_not_get_berths_secrets()
    {
        var env = ParentEnvironment();
        var bin = _scratch.CreateSubdirectory("bin");
        var dump = _scratch.Combine("helper-env.txt");
        var helper = Path.Combine(bin, "docker-credential-envdump");
        await File.WriteAllTextAsync(helper, $$"""
            #!/bin/sh
            env > '{{dump}}'
            cat > /dev/null
            case "$1" in
              get) echo '{"ServerURL":"registry.example.com","Username":"u","Secret":"s3cret-from-helper"}' ;;
              list) echo '{}' ;;
            esac
            """.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = _scratch.Combine("config.json");
        await File.WriteAllTextAsync(config, """{"credHelpers":{"registry.example.com":"envdump"}}""");
        env["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

        var import = await CliRunner.RunProcessAsync(CliRunner.Executable, null, env, "dockercfg", "import", config, "--no-verify");
        Assert.True(import.Code == 0, import.Stdout + import.Stderr);
        Assert.True(File.Exists(dump), "the helper was not called: " + import.Stdout + import.Stderr);
        AssertNoBerthSecrets(await File.ReadAllTextAsync(dump), env);
    }

    public void Dispose() => _scratch.Dispose();
}
