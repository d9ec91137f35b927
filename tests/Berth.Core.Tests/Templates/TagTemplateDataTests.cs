using Berth.Templates;

namespace Berth.Core.Tests.Templates;

public sealed class TagTemplateDataTests
{
    private static readonly FixedTimeProvider Clock = new(TemplateFixture.Instant);

    [Fact]
    public void Maps_codeship_environment_variables()
    {
        var data = TagTemplateData.FromVariables(
            new Dictionary<string, string>
            {
                ["CI_PROJECT_ID"] = "p1",
                ["CI_BUILD_ID"] = "b2",
                ["CI_REPO_NAME"] = "repo",
                ["CI_BRANCH"] = "main",
                ["CI_COMMIT_ID"] = "abc123",
                ["CI_COMMIT_MESSAGE"] = "msg",
                ["CI_COMMIT_DESCRIPTION"] = "desc",
                ["CI_COMMITTER_NAME"] = "Ada",
                ["CI_COMMITTER_EMAIL"] = "ada@example.com",
                ["CI_COMMITTER_USERNAME"] = "ada",
                ["CI_NAME"] = "othership",
                ["CI"] = "yes",
                ["PATH"] = "/usr/bin",
            },
            Clock);

        Assert.Equal(
            "p1 b2 repo main abc123 msg desc Ada ada@example.com ada yes othership",
            TagTemplate.Parse("{{.ProjectID}} {{.BuildID}} {{.RepoName}} {{.Branch}} {{.CommitID}} {{.CommitMessage}} {{.CommitDescription}} {{.CommitterName}} {{.CommitterEmail}} {{.CommitterUsername}} {{.Ci}} {{.CiName}}").RenderRaw(data));
    }

    [Fact]
    public void Field_names_win_over_ci_variables_and_basic_variables_fill_gaps()
    {
        var data = TagTemplateData.FromVariables(
            new Dictionary<string, string> { ["CI_BRANCH"] = "main", ["Branch"] = "override", ["CI_MESSAGE"] = "basic msg", ["CI_BUILD_NUMBER"] = "42" },
            Clock);
        Assert.Equal("override", data.Branch);
        Assert.Equal("basic msg", data.CommitMessage);
        Assert.Equal("42", data.BuildID);
    }

    [Fact]
    public void Defaults_follow_the_seed_and_the_clock()
    {
        var data = TagTemplateData.FromVariables(new Dictionary<string, string>(), Clock);
        Assert.Equal("true", data.Ci);
        Assert.Equal("codeship", data.CiName);
        Assert.Equal(1772600767, data.Timestamp);
        Assert.Equal("2026-03-04T05:06:07Z", data.StringTime);
        Assert.Equal("20260304", data.Time.Format("20060102"));
    }

    [Fact]
    public void Timestamp_sets_the_time_and_time_parses_rfc3339()
    {
        var fromTs = TagTemplateData.FromVariables(new Dictionary<string, string> { ["CI_TIMESTAMP"] = "0" }, Clock);
        Assert.Equal("1970-01-01T00:00:00Z", fromTs.StringTime);
        Assert.Equal(0, fromTs.Timestamp);

        var fromTime = TagTemplateData.FromVariables(new Dictionary<string, string> { ["Time"] = "2026-03-04T07:06:07+02:00" }, Clock);
        Assert.Equal("07 +0200 1772600767", fromTime.Time.Format("15 MST ") + fromTime.Timestamp);

        var explicitString = TagTemplateData.FromVariables(new Dictionary<string, string> { ["CI_STRING_TIME"] = "today" }, Clock);
        Assert.Equal("today", explicitString.StringTime);
    }

    [Theory]
    [InlineData("Time", "yesterday")]
    [InlineData("Timestamp", "soon")]
    [InlineData("CI_TIMESTAMP", "1e9")]
    public void Bad_time_values_name_the_variable(string key, string value)
    {
        var ex = Assert.Throws<TagVariableException>(() => TagTemplateData.FromVariables(new Dictionary<string, string> { [key] = value }, Clock));
        Assert.Equal(key, ex.Key);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Struct_prints_its_fields_like_go()
    {
        var data = new TagTemplateData { Branch = "main", Time = new GoTime(TemplateFixture.Instant) };
        Assert.Equal(
            "{   main       2026-03-04 05:06:07.089 +0000 UTC 1772600767 2026-03-04T05:06:07Z    true codeship}",
            TagTemplate.Parse("{{ . }}").RenderRaw(data));
    }
}
