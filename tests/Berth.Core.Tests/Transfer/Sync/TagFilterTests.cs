using Berth.Transfer.Sync;

namespace Berth.Core.Tests.Transfer.Sync;

public sealed class TagFilterTests
{
    private static readonly string[] Tags = ["latest", "1.0.0", "1.2.0", "1.2.0-alpine", "2.0.0", "2.0.0-alpine", "nightly-2024"];

    [Fact]
    public void No_filter_takes_every_tag() => Assert.Equal(Tags, Tags.Where(TagFilter.All.IsMatch));

    [Fact]
    public void Regex_is_searched_unless_anchored()
    {
        Assert.Equal(["1.2.0-alpine", "2.0.0-alpine"], Tags.Where(new TagFilter("alpine").IsMatch));
        Assert.Equal(["1.0.0", "1.2.0", "2.0.0"], Tags.Where(new TagFilter(@"^\d+\.\d+\.\d+$").IsMatch));
    }

    [Fact]
    public void Semver_and_regex_combine_with_and()
    {
        var filter = new TagFilter("alpine").And(new TagFilter(versions: SemanticVersionRange.Parse(">=1.2.0-alpine <2")));
        Assert.Equal(["1.2.0-alpine"], Tags.Where(filter.IsMatch));
        Assert.Equal(["1.2.0", "2.0.0"], Tags.Where(new TagFilter(versions: SemanticVersionRange.Parse(">=1.1")).IsMatch));
    }

    [Fact]
    public void A_broken_regex_is_a_format_error_naming_it()
    {
        var ex = Assert.Throws<FormatException>(() => new TagFilter("(unclosed"));
        Assert.Contains("'(unclosed'", ex.Message);
    }
}
