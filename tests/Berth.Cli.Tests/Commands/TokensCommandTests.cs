using System.Text.Json;
using Berth.Connections.Tokens;

namespace Berth.Cli.Tests.Commands;

/// <summary><c>berth tokens create|list|revoke</c> through <see cref="CliRunner"/> (the AOT binary when BERTH_CLI is set).</summary>
public sealed class TokensCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-cli-tokens-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Create_prints_the_token_once_list_never_and_revoke_ends_it()
    {
        var (code, output, error) = await CliRunner.RunAsync("--data-dir", _dir, "tokens", "create", "--org", "acme", "--role", "ci", "--connections", "ghcr, ecr", "--output", "json");
        Assert.True(code == 0, error);
        var created = JsonDocument.Parse(output).RootElement;
        var secret = created.GetProperty("token").GetString()!;
        Assert.True(ApiTokenSecret.LooksValid(secret), secret.Length.ToString());
        Assert.Equal(["ghcr", "ecr"], created.GetProperty("connections").EnumerateArray().Select(c => c.GetString()));

        var (listCode, list, _) = await CliRunner.RunAsync("--data-dir", _dir, "tokens", "list");
        Assert.Equal(0, listCode);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.Contains("acme", list, StringComparison.Ordinal);
        Assert.Contains("ghcr,ecr", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, string.Concat(Directory.GetFiles(_dir, "berth.db*").Select(File.ReadAllText)), StringComparison.Ordinal);

        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(0, (await CliRunner.RunAsync("--data-dir", _dir, "tokens", "revoke", id)).Code);
        var (again, _, againError) = await CliRunner.RunAsync("--data-dir", _dir, "tokens", "revoke", id);
        Assert.Equal(1, again);
        Assert.Contains("already revoked", againError, StringComparison.Ordinal);
        Assert.Contains("revoked", (await CliRunner.RunAsync("--data-dir", _dir, "tokens", "list")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ci", null, "--connections: a ci token must name the connections it may use")]
    [InlineData("member", "a", "--connections: only ci tokens are limited to named connections")]
    [InlineData("owner", null, "--role: role must be one of admin, member, ci")]
    public async Task Bad_combinations_are_usage_errors(string role, string? connections, string message)
    {
        string[] args = connections is null
            ? ["--data-dir", _dir, "tokens", "create", "--org", "acme", "--role", role]
            : ["--data-dir", _dir, "tokens", "create", "--org", "acme", "--role", role, "--connections", connections];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("berth_", output, StringComparison.Ordinal);
    }
}
