using Berth.Transport;

namespace Berth.Core.Tests.Dialects;

public sealed class RateLimitBudgetTests
{
    [Theory]
    [InlineData("100;w=21600", "76;w=21600", 100, 76, 21600)]
    [InlineData("100;w=21600", null, 100, null, 21600)]
    [InlineData("200", "0", 200, 0, null)]
    [InlineData("5000; w=3600; comment=\"x\"", "4999;w=3600", 5000, 4999, 3600)]
    public void Parses_Docker_Hub_headers(string limit, string? remaining, int expectedLimit, int? expectedRemaining, int? windowSeconds)
    {
        var budget = RateLimitBudget.Parse(limit, remaining);
        Assert.Equal(expectedLimit, budget.Limit);
        Assert.Equal(expectedRemaining, budget.Remaining);
        Assert.Equal(windowSeconds is { } w ? TimeSpan.FromSeconds(w) : null, budget.Window);
        Assert.Equal(expectedRemaining == 0, budget.Exhausted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("many")]
    [InlineData("-1;w=60")]
    public void Refuses_what_is_not_a_quota(string limit)
    {
        Assert.False(RateLimitBudget.TryParse(limit, null, out _));
        Assert.Throws<FormatException>(() => RateLimitBudget.Parse(limit));
    }

    [Fact]
    public void Prints_what_is_left()
    {
        Assert.Equal("0 of 100 requests left per 6 h", RateLimitBudget.Parse("100;w=21600", "0;w=21600").ToString());
    }
}
