using System.Text.Json;
using Berth.Cli;

namespace Berth.Cli.Tests;

/// <summary><c>berth ref</c>, run in-process through the same entry point as the binary.</summary>
public sealed class RefCommandTests
{
    private const string D = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public async Task Table_lists_every_field_as_aligned_key_value_lines()
    {
        var (code, stdout, stderr) = await Run("ref", "nginx");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] expected =
        [
            "input       nginx",
            "registry    docker.io",
            "api host    registry-1.docker.io",
            "repository  library/nginx",
            "tag         latest",
            "digest      -",
            "name        docker.io/library/nginx",
            "canonical   docker.io/library/nginx:latest",
            "familiar    nginx:latest",
        ];
        Assert.Equal(expected, lines);
    }

    [Theory]
    [InlineData("nginx", "docker.io", "registry-1.docker.io", "library/nginx", "latest", null, "docker.io/library/nginx:latest", "nginx:latest")]
    [InlineData("[::1]:5000/a/b:t", "[::1]:5000", "[::1]:5000", "a/b", "t", null, "[::1]:5000/a/b:t", "[::1]:5000/a/b:t")]
    [InlineData("index.docker.io/user/app@" + D, "docker.io", "registry-1.docker.io", "user/app", null, D, "docker.io/user/app@" + D, "user/app@" + D)]
    public async Task Json_has_every_key_with_nulls_for_absent_parts(
        string input, string registry, string apiHost, string repository, string? tag, string? digest, string canonical, string familiar)
    {
        var (code, stdout, stderr) = await Run("ref", input, "--output", "json");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(
            ["input", "registry", "apiHost", "repository", "tag", "digest", "name", "canonical", "familiar"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(input, root.GetProperty("input").GetString());
        Assert.Equal(registry, root.GetProperty("registry").GetString());
        Assert.Equal(apiHost, root.GetProperty("apiHost").GetString());
        Assert.Equal(repository, root.GetProperty("repository").GetString());
        Assert.Equal(tag, root.GetProperty("tag").GetString());
        Assert.Equal(digest, root.GetProperty("digest").GetString());
        Assert.Equal(registry + "/" + repository, root.GetProperty("name").GetString());
        Assert.Equal(canonical, root.GetProperty("canonical").GetString());
        Assert.Equal(familiar, root.GetProperty("familiar").GetString());
    }

    [Fact]
    public async Task Json_option_works_before_the_command_too()
    {
        var (code, stdout, _) = await Run("--output", "json", "ref", "ghcr.io/o/a:1");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("ghcr.io/o/a:1", doc.RootElement.GetProperty("canonical").GetString());
    }

    [Theory]
    [InlineData("Foo/bar", "berth: invalid reference 'Foo/bar': repository name must be lowercase: 'Foo/bar'")]
    [InlineData("nginx:", "berth: invalid reference 'nginx:': tag is empty after ':'")]
    [InlineData("https://bob:hunter2@ghcr.io/a", "berth: invalid reference 'https://***@ghcr.io/a': a reference has no URL scheme")]
    public async Task Invalid_reference_exits_2_with_the_reason_on_stderr(string input, string message)
    {
        foreach (var format in new[] { "table", "json" })
        {
            var (code, stdout, stderr) = await Run("ref", input, "--output", format);

            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.StartsWith(message, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Missing_argument_is_a_usage_error()
    {
        var (code, _, stderr) = await Run("ref");
        Assert.Equal(2, code);
        Assert.StartsWith("berth: ", stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.RunAsync(args);
}
