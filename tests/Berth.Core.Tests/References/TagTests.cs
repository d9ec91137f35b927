using Berth.References;

namespace Berth.Core.Tests.References;

public sealed class TagTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("1.25.3")]
    [InlineData("_")]
    [InlineData("_private")]
    [InlineData("9")]
    [InlineData("V1.0-RC_2")]
    [InlineData("a--..__")]
    [InlineData("sha256-" + Vectors.EmptySha256Hex + ".sig")]
    public void Parses(string input)
    {
        var tag = Tag.Parse(input);
        Assert.Equal(input, tag.Value);
        Assert.Equal(input, tag.ToString());
        Assert.True(Tag.TryParse(input, out var again));
        Assert.Equal(tag, again);
    }

    [Theory]
    [InlineData("", "tag is empty")]
    [InlineData(".hidden", "must start with a letter, digit or '_'")]
    [InlineData("-x", "must start with a letter, digit or '_'")]
    [InlineData("a:b", "contains ':'")]
    [InlineData("a b", "contains ' '")]
    [InlineData("a@b", "contains '@'")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("été", "must start with a letter, digit or '_'")]
    [InlineData("ét", "must start with")]
    [InlineData("x\u0661", "contains '\u0661'")] // Arabic-Indic digit one: \w in .NET, not in the grammar
    public void Rejects(string input, string reason)
    {
        Assert.False(Tag.TryParse(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var ex = Assert.Throws<ReferenceFormatException>(() => Tag.Parse(input));
        Assert.Equal("tag", ex.Kind);
        Assert.StartsWith("invalid tag '", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(127, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    [InlineData(300, false)]
    public void Length_limit_is_128(int length, bool valid)
    {
        Assert.Equal(valid, Tag.TryParse(new string('a', length), out _));
    }

    [Fact]
    public void Latest_is_latest()
    {
        Assert.Equal("latest", Tag.Latest.Value);
        Assert.Equal(Tag.Parse("latest"), Tag.Latest);
        Assert.False(Tag.TryParse(null, out _));
    }
}
