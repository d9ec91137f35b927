using System.Text.Json;
using Berth.Cli;

namespace Berth.Cli.Tests;

public sealed class TagCommandTests
{
    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.RunAsync(args);

    [Fact]
    public async Task Renders_the_seed_example_with_set_values()
    {
        var (exit, stdout, stderr) = await Run("tag", "render", "{{ .CiName }}-{{ .Branch }}", "--set", "Branch=feature/login");
        Assert.Equal(0, exit);
        Assert.Equal("codeship-featurelogin" + Environment.NewLine, stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Time_can_be_set_and_formatted()
    {
        var (exit, stdout, _) = await Run(
            "tag", "render", "{{ .Branch }}-{{ .Time.Format \"20060102.150405\" }}-{{ .Timestamp }}",
            "--set", "Branch=main", "--set", "Time=2026-03-04T05:06:07Z");
        Assert.Equal(0, exit);
        Assert.Equal("main-20260304.050607-1772600767", stdout.Trim());
    }

    [Fact]
    public async Task Json_output_uses_the_tag_property()
    {
        var (exit, stdout, _) = await Run("tag", "render", "v-{{ .CommitID }}", "--set", "CommitID=abc123", "--output", "json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("v-abc123", doc.RootElement.GetProperty("tag").GetString());
        Assert.Single(doc.RootElement.EnumerateObject());
    }

    [Theory]
    [InlineData("{{ .CommitID }-{{ .Branch }}", "berth: template: tag:1:14: unexpected \"}\" in operand")]
    [InlineData("{{ .Nope }}", "berth: template: tag:1:4: executing \"tag\" at <.Nope>: can't evaluate field Nope")]
    [InlineData("{{ .CommitDescription }}", "berth: template: tag: the rendered tag is empty")]
    public async Task Template_errors_go_to_stderr_with_exit_2(string template, string expectedStart)
    {
        var (exit, stdout, stderr) = await Run("tag", "render", template);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expectedStart, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Branch", "--set expects Key=Value")]
    [InlineData("Nope=1", "--set Nope: unknown template field")]
    [InlineData("Time=yesterday", "template variable Time is not an RFC 3339 time")]
    public async Task Bad_set_values_are_usage_errors(string set, string expected)
    {
        var (exit, _, stderr) = await Run("tag", "render", "x", "--set", set);
        Assert.Equal(2, exit);
        Assert.StartsWith("berth: ", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_env_reads_ci_variables_and_set_overrides_them()
    {
        // Only this test touches these variables, so parallel tests cannot see a half-set environment.
        Environment.SetEnvironmentVariable("CI_BRANCH", "env-branch");
        Environment.SetEnvironmentVariable("CI_COMMIT_ID", "envcommit");
        try
        {
            var (exit, stdout, _) = await Run("tag", "render", "{{ .Branch }}.{{ .CommitID }}", "--from-env");
            Assert.Equal(0, exit);
            Assert.Equal("env-branch.envcommit", stdout.Trim());

            (exit, stdout, _) = await Run("tag", "render", "{{ .Branch }}.{{ .CommitID }}", "--from-env", "--set", "Branch=cli");
            Assert.Equal(0, exit);
            Assert.Equal("cli.envcommit", stdout.Trim());

            // Without --from-env the branch is empty, so "[]" sanitizes to an empty tag: an error.
            (exit, stdout, _) = await Run("tag", "render", "[{{ .Branch }}]");
            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CI_BRANCH", null);
            Environment.SetEnvironmentVariable("CI_COMMIT_ID", null);
        }
    }

    [Fact]
    public async Task Tag_without_subcommand_is_a_usage_error()
    {
        var (exit, _, stderr) = await Run("tag");
        Assert.Equal(2, exit);
        Assert.StartsWith("berth: ", stderr, StringComparison.Ordinal);
    }
}
