using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests.Connections;

/// <summary><c>registries remove</c> and <c>rename</c> with a ci token that names the connection.</summary>
public sealed class RemoveDependentsTests : IDisposable
{
    private readonly TempDirectory _home = new("berth-dependents");

    private Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args) =>
        CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Path, .. args]);

    [Fact]
    public async Task Remove_names_the_ci_token_and_detach_revokes_a_token_left_with_nothing()
    {
        Assert.Equal(0, (await Run(null, "connect", "generic", "--name", "lab", "--url", "127.0.0.1:1", "--no-verify")).Code);
        var created = await Run(null, "tokens", "create", "--org", "default", "--role", "ci", "--connections", "lab", "--output", "json");
        Assert.True(created.Code == 0, created.Stderr);
        var id = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("id").GetString()!;
        var shortId = id.Replace("-", "", StringComparison.Ordinal)[^8..];

        Assert.Equal(0, (await Run(null, "registries", "rename", "lab", "lab2")).Code);
        var show = await Run(null, "registries", "show", "lab2", "--output", "json");
        var usedBy = JsonDocument.Parse(show.Stdout).RootElement.GetProperty("dependedOnBy").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal([$"ci token {shortId}"], usedBy);

        var refused = await Run(null, "registries", "remove", "lab2", "--yes");
        Assert.Equal(1, refused.Code);
        Assert.Contains($"connection 'lab2' is still used by ci token {shortId}", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--detach", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await Run(null, "registries", "show", "lab2")).Code);

        var removed = await Run(null, "registries", "remove", "lab2", "--yes", "--detach");
        Assert.True(removed.Code == 0, removed.Stderr);
        Assert.Contains($"detached ci token {shortId}", removed.Stdout, StringComparison.Ordinal);
        var tokens = await Run(null, "tokens", "list", "--output", "json");
        var token = JsonDocument.Parse(tokens.Stdout).RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.NotEqual(JsonValueKind.Null, token.GetProperty("revoked").ValueKind);
    }

    public void Dispose() => _home.Dispose();
}
