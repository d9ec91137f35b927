using Berth.Testing.Dialects;

namespace Berth.Cli.Tests.Dialects;

/// <summary>Error bodies as some registries and proxies send them: a plain-text 401, <c>"code":"404"</c> as a string.</summary>
public sealed class ErrorBodyDialectTests(DialectWorld world) : IClassFixture<DialectWorld>
{
    [Fact]
    public async Task Plain_text_401_and_string_status_codes_are_reported_with_their_text()
    {
        await using var odd = await DialectServer.StartAsync(world.Registry, DialectProfiles.NonStandard());
        using var cli = new DialectCli();

        var wrong = await cli.RunWithInputAsync("not-the-password", "tags", $"{odd.Host}/team/app", "--username", "user", "--password-stdin");
        Assert.Equal(1, wrong.Code);
        Assert.Contains($"registry {odd.Host} refused the credentials of 'user'", wrong.Stderr, StringComparison.Ordinal);
        Assert.True(wrong.Stderr.Contains("401 Unauthorized", StringComparison.Ordinal), wrong.Stderr);

        var none = await cli.RunAsync("tags", $"{odd.Host}/team/app");
        Assert.Equal(1, none.Code);
        Assert.Contains("none were sent", none.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", none.Stderr, StringComparison.Ordinal);

        var missing = await cli.RunWithInputAsync("pw", "inspect", $"{odd.Host}/team/app:nope", "--username", "user", "--password-stdin");
        Assert.Equal(1, missing.Code);
        Assert.Contains("404: manifest unknown", missing.Stderr, StringComparison.Ordinal);
        cli.Save("nonstandard-errors");
    }
}
