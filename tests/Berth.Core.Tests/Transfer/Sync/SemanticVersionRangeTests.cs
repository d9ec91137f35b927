using Berth.Transfer.Sync;

namespace Berth.Core.Tests.Transfer.Sync;

public sealed class SemanticVersionRangeTests
{
    // Expected answers follow npm's range semantics (which skopeo's Masterminds library shares for these forms).
    [Theory]
    [InlineData(">=1.2 <2", "1.2.0", true)]
    [InlineData(">=1.2 <2", "1.9.9", true)]
    [InlineData(">=1.2 <2", "v1.5", true)]
    [InlineData(">=1.2 <2", "2.0.0", false)]
    [InlineData(">=1.2 <2", "1.1.9", false)]
    [InlineData(">=1.2 <2", "1.5.0-rc.1", false)]
    [InlineData(">=1.2 <2", "latest", false)]
    [InlineData("^1.2", "1.2.0", true)]
    [InlineData("^1.2", "1.99.0", true)]
    [InlineData("^1.2", "2.0.0", false)]
    [InlineData("^1.2", "1.1.0", false)]
    [InlineData("^0.2.3", "0.2.3", true)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.3", true)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~1.2.3", "1.2.3", true)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1.2.3", "1.2.2", false)]
    [InlineData("~1.2", "1.2.9", true)]
    [InlineData("~1.2", "1.3.0", false)]
    [InlineData("~>1.2", "1.2.4", true)]
    [InlineData("1.x", "1.0.0", true)]
    [InlineData("1.x", "1.9", true)]
    [InlineData("1.x", "2.0.0", false)]
    [InlineData("1.x", "0.9", false)]
    [InlineData("1.2", "1.2.7", true)]
    [InlineData("1.2", "1.3.0", false)]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("1.2.3", "1.2.4", false)]
    [InlineData("=1.2.3", "v1.2.3", true)]
    [InlineData(">1.2", "1.2.9", false)]
    [InlineData(">1.2", "1.3.0", true)]
    [InlineData(">1.2.3", "1.2.4", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("<=1.2", "1.3.0", false)]
    [InlineData("<1.2", "1.1.9", true)]
    [InlineData("<1.2", "1.2.0", false)]
    [InlineData(">= 3.12.0", "3.12.0", true)]
    [InlineData(">= 3.12.0", "4.0.0", true)]
    [InlineData(">= 3.12.0", "3.11.9", false)]
    [InlineData(">= 1.2, < 1.4", "1.3.5", true)]
    [InlineData(">= 1.2, < 1.4", "1.4.0", false)]
    [InlineData("1.2 - 1.4.5", "1.2.0", true)]
    [InlineData("1.2 - 1.4.5", "1.4.5", true)]
    [InlineData("1.2 - 1.4.5", "1.4.6", false)]
    [InlineData("1.2.3 - 2.3", "2.3.9", true)]
    [InlineData("1.2.3 - 2.3", "2.4.0", false)]
    [InlineData("<1.0 || >=3", "0.9", true)]
    [InlineData("<1.0 || >=3", "2.0", false)]
    [InlineData("<1.0 || >=3", "3.0", true)]
    [InlineData(">=1.2 <1.3 !=1.2.3", "1.2.3", false)]
    [InlineData(">=1.2 <1.3 !=1.2.3", "1.2.4", true)]
    [InlineData("*", "7.1.0", true)]
    [InlineData("*", "7.1.0-beta", false)]
    [InlineData(">=1.3.0-rc.1", "1.3.0-rc.2", true)]
    [InlineData(">=1.3.0-rc.1", "1.3.0-rc.0", false)]
    [InlineData(">=1.3.0-rc.1", "1.4.0-rc.1", false)]
    [InlineData(">=1.3.0-rc.1", "1.3.0", true)]
    [InlineData(">=1", "1.2.3.4", false)]
    [InlineData(">=1", "1.2-", false)]
    public void Range_matches_tags_as_npm_does(string range, string tag, bool expected)
    {
        Assert.Equal(expected, SemanticVersionRange.Parse(range).IsMatch(tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData(">>1")]
    [InlineData("abc")]
    [InlineData("1.x.3")]
    [InlineData("^")]
    [InlineData("1.2.3.4")]
    [InlineData(">=1 ||")]
    [InlineData("1.2-rc.1")]
    public void Unreadable_ranges_are_refused_with_an_example_of_what_works(string range)
    {
        var ex = Assert.Throws<FormatException>(() => SemanticVersionRange.Parse(range));
        Assert.Contains($"semver range '{range}'", ex.Message);
        Assert.Contains("'^1.2'", ex.Message);
    }

    [Fact]
    public void Prereleases_order_as_the_semver_spec_lists_them()
    {
        // SemVer 2.0 §11's own example chain.
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"];
        var versions = ordered.Select(t => Assert.IsType<SemanticVersion>(SemanticVersion.TryParse(t, out var v) ? v : null)).ToList();
        for (var i = 1; i < versions.Count; i++)
        {
            Assert.True(versions[i - 1] < versions[i], $"{ordered[i - 1]} < {ordered[i]}");
        }
    }

    [Theory]
    [InlineData("v2", 2, 0, 0, "")]
    [InlineData("1.2", 1, 2, 0, "")]
    [InlineData("3.4.5-alpine.1", 3, 4, 5, "alpine.1")]
    public void Tags_read_loosely_as_versions(string tag, int major, int minor, int patch, string pre)
    {
        Assert.True(SemanticVersion.TryParse(tag, out var v));
        Assert.Equal(new SemanticVersion(major, minor, patch, pre), v);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("1.2.3.4")]
    [InlineData("v")]
    [InlineData("1..2")]
    [InlineData("-1")]
    public void Non_version_tags_are_not_versions(string tag) => Assert.False(SemanticVersion.TryParse(tag, out _));
}
