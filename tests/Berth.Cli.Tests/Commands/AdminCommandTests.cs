using Berth.Connections.Secrets;

namespace Berth.Cli.Tests.Commands;

/// <summary><c>berth admin rotate-key</c> in-process, against a SQLite database in a temporary data directory.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Rotate_key_replaces_the_key_file_and_reports_both_ids()
    {
        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is { Length: > 0 })
        {
            return; // This case is about the key file; an operator's BERTH_MASTER_KEY would take precedence.
        }

        var (code, output, error) = await RunAsync("--data-dir", _dir, "admin", "rotate-key");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var keyId = AesGcmSecretProtector.Load(_dir, _ => null).KeyId;
        Assert.StartsWith("master key rotated: ", output, StringComparison.Ordinal);
        Assert.Contains($"-> {keyId}; 0 secrets re-encrypted", output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(_dir, "master.key")).Trim(), output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "berth.db")));

        (code, output, _) = await RunAsync("--data-dir", _dir, "--output", "json", "admin", "rotate-key");
        Assert.Equal(0, code);
        Assert.Contains($"\"oldKeyId\":\"{keyId}\"", output, StringComparison.Ordinal);
        Assert.Contains($"\"newKeyId\":\"{AesGcmSecretProtector.Load(_dir, _ => null).KeyId}\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_key_file_without_an_environment_key_is_a_usage_error()
    {
        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is { Length: > 0 })
        {
            return;
        }

        var (code, _, error) = await RunAsync("--data-dir", _dir, "admin", "rotate-key", "--new-key-file", Path.Combine(_dir, "k"));
        Assert.Equal(2, code);
        Assert.Contains("only for keys given in BERTH_MASTER_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_setting_that_cannot_be_understood_fails_without_echoing_it()
    {
        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is { Length: > 0 })
        {
            return;
        }

        var (code, _, error) = await RunAsync("--data-dir", _dir, "--database", "User ID=x;Password=Sekr1t", "admin", "rotate-key");
        Assert.Equal(2, code); // a usage error, as in every other command
        Assert.Contains("Host/Server", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Sekr1t", error, StringComparison.Ordinal);
    }
}
