namespace Berth.Connections;

/// <summary>Where Berth keeps its database and key file: --data-dir, else $BERTH_HOME, else ~/.berth.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "BERTH_HOME";

    public static string Resolve(string? cliOption, Func<string, string?>? getEnvironmentVariable = null)
    {
        if (!string.IsNullOrWhiteSpace(cliOption))
        {
            return Path.GetFullPath(cliOption);
        }

        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var home = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.GetFullPath(home);
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".berth");
    }

    /// <summary>Creates the directory owner-only (0700) when missing; an existing directory is left as it is.</summary>
    public static void Ensure(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
