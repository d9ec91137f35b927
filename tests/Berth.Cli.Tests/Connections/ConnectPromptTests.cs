using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests.Connections;

/// <summary><c>berth connect</c> on a real terminal asks for what the command line left out.</summary>
public sealed class ConnectPromptTests(PrivateRegistryWorld world) : IClassFixture<PrivateRegistryWorld>, IDisposable
{
    private readonly TempDirectory _home = new("berth-pty");

    [Fact]
    public async Task Prompts_for_url_username_and_hidden_password_then_verifies_and_saves()
    {
        var (code, screen) = await Pty.RunAsync(
            [("Registry URL", world.Registry.Host), ("Username", PrivateRegistryWorld.User), ("Password", PrivateRegistryWorld.Password)],
            CliRunner.Executable, "--data-dir", _home.Path, "connect", "generic", "--name", "typed", "--repositories", "some/repo");

        Assert.True(code == 0, screen);
        Assert.Contains("connected 'typed'", screen, StringComparison.Ordinal);
        Assert.Contains("tags some/repo: 1 tag", screen, StringComparison.Ordinal);
        // The password is typed but never echoed.
        Assert.DoesNotContain(PrivateRegistryWorld.Password, screen, StringComparison.Ordinal);

        var show = await CliRunner.RunAsync("--data-dir", _home.Path, "registries", "show", "typed", "--output", "json");
        var view = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal(world.Registry.Host, view.GetProperty("url").GetString());
        Assert.Equal(PrivateRegistryWorld.User, view.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Remove_asks_for_confirmation_on_a_terminal()
    {
        Assert.Equal(0, (await CliRunner.RunWithInputAsync(PrivateRegistryWorld.Password, "--data-dir", _home.Path, "connect", "generic",
            "--name", "doomed", "--url", world.Registry.Host, "--username", PrivateRegistryWorld.User, "--password-stdin")).Code);

        var (declined, screen) = await Pty.RunAsync([("Remove connection 'doomed'", "n")],
            CliRunner.Executable, "--data-dir", _home.Path, "registries", "remove", "doomed");
        Assert.Equal(1, declined);
        Assert.Contains("nothing removed", screen, StringComparison.Ordinal);

        var (accepted, screen2) = await Pty.RunAsync([("Remove connection 'doomed'", "y")],
            CliRunner.Executable, "--data-dir", _home.Path, "registries", "remove", "doomed");
        Assert.True(accepted == 0, screen2);
        Assert.Contains("removed 'doomed'", screen2, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
