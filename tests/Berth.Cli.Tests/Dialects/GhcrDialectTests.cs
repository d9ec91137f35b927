using Berth.Testing.Dialects;

namespace Berth.Cli.Tests.Dialects;

/// <summary>The CLI against a GHCR-like registry: anonymous tokens for public packages, 403 DENIED, no catalog.</summary>
public sealed class GhcrDialectTests(DialectWorld world) : IClassFixture<DialectWorld>
{
    [Fact]
    public async Task Anonymous_tokens_serve_public_packages_and_denials_say_who_was_denied_what()
    {
        await using var ghcr = await DialectServer.StartAsync(world.Registry, DialectProfiles.Ghcr());
        using var cli = new DialectCli();

        var open = await cli.RunAsync("tags", $"{ghcr.Host}/public/app");
        Assert.True(open.Code == 0, open.Stderr);
        Assert.Equal("1.0", open.Stdout.Trim());

        var anonymous = await cli.RunAsync("tags", $"{ghcr.Host}/octocat/app");
        Assert.Equal(1, anonymous.Code);
        Assert.Contains($"token service {ghcr.TokenHost} of registry {ghcr.Host} wants credentials and none were sent", anonymous.Stderr, StringComparison.Ordinal);

        var connect = await cli.RunWithInputAsync(DialectProfiles.GhcrPassword, "connect", "ghcr", "--name", "gh", "--url", ghcr.Host,
            "--username", DialectProfiles.GhcrUser, "--password-stdin", "--repositories", "octocat/app");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
        var verify = await cli.RunAsync("registries", "verify", "gh");
        Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);

        var tags = await cli.RunAsync("tags", $"{ghcr.Host}/octocat/app");
        Assert.True(tags.Code == 0, tags.Stderr);
        var inspect = await cli.RunAsync("inspect", $"{ghcr.Host}/octocat/app:1.0");
        Assert.Contains(world.Digest, inspect.Stdout, StringComparison.Ordinal);

        var denied = await cli.RunAsync("tags", $"{ghcr.Host}/team/app");
        Assert.Equal(1, denied.Code);
        Assert.Contains($"registry {ghcr.Host} denied 'octocat' access to pull", denied.Stderr, StringComparison.Ordinal);
        Assert.Contains("403", denied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused the credentials", denied.Stderr, StringComparison.Ordinal);

        var copyIn = await cli.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{ghcr.Host}/octocat/copied:1.0");
        Assert.True(copyIn.Code == 0, copyIn.Stderr);
        var copyOut = await cli.RunAsync("copy", $"{ghcr.Host}/octocat/copied:1.0", $"{world.Outside.Host}/out/ghcr:1.0");
        Assert.True(copyOut.Code == 0, copyOut.Stderr);

        var repos = await cli.RunAsync("repos", "gh");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Equal("octocat/app", repos.Stdout.Trim());
        var catalog = await cli.RunAsync("catalog", ghcr.Host);
        Assert.Equal(1, catalog.Code);
        Assert.Contains("404", catalog.Stderr, StringComparison.Ordinal);
        cli.Save("ghcr");
    }
}
