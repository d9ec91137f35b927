using Berth.Cli.Kubelet;

namespace Berth.Cli.Tests;

/// <summary>cacheDuration: the credential's life less a margin, in Go's duration syntax (time.Duration.String).</summary>
public sealed class KubeletCacheDurationTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData(12 * 3600, "11h50m0s")]      // ECR: 12 h, margin capped at 10 min
    [InlineData(3600, "54m0s")]              // Google access token: 1 h, margin a tenth
    [InlineData(300, "4m0s")]                // 5 min: margin at least 1 min
    [InlineData(90, "30s")]
    [InlineData(60, "0s")]                   // within the margin: not cached
    [InlineData(-10, "0s")]                  // already expired
    public void Expiry_less_the_margin(int seconds, string expected) =>
        Assert.Equal(expected, KubeletCacheDuration.For(Now.AddSeconds(seconds), Now));

    [Fact]
    public void No_expiry_leaves_the_config_default() => Assert.Null(KubeletCacheDuration.For(null, Now));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59.9, "59s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(3661, "1h1m1s")]
    [InlineData(61, "1m1s")]
    public void Formats_as_go_does(double seconds, string expected) =>
        Assert.Equal(expected, KubeletCacheDuration.Format(TimeSpan.FromSeconds(seconds)));
}
