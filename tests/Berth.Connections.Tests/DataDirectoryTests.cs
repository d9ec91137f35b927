namespace Berth.Connections.Tests;

public sealed class DataDirectoryTests
{
    [Fact]
    public void Option_wins_then_berth_home_then_dot_berth_in_the_home_directory()
    {
        Func<string, string?> env = n => n == "BERTH_HOME" ? "/srv/berth" : null;

        Assert.Equal("/opt/data", DataDirectory.Resolve("/opt/data", env));
        Assert.Equal("/srv/berth", DataDirectory.Resolve(null, env));
        Assert.Equal(
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".berth"),
            DataDirectory.Resolve(null, _ => null));
    }
}
