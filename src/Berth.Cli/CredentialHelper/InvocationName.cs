namespace Berth.Cli.CredentialHelper;

/// <summary>
/// Tells whether the binary was started as <c>docker-credential-berth</c> or <c>berth-credential-provider</c> (symlinks to <c>berth</c>).
/// Native AOT reports argv[0] in <see cref="Environment.GetCommandLineArgs"/>; a framework-dependent apphost
/// reports its dll there and <see cref="Environment.ProcessPath"/> is the resolved target, so on Linux the name
/// the process was started under is read from <c>/proc/self/cmdline</c>.
/// </summary>
internal static class InvocationName
{
    public const string CredentialHelperProgram = "docker-credential-berth";

    public const string KubeletProviderProgram = "berth-credential-provider";

    /// <summary>The program the binary was started as when that is one of the helper names, else null (plain <c>berth</c>).</summary>
    public static string? Helper()
    {
        if (HelperName(Environment.GetCommandLineArgs().FirstOrDefault()) is { } name)
        {
            return name;
        }

        return OperatingSystem.IsLinux() ? HelperName(ProcArgv0()) : null;
    }

    public static bool IsCredentialHelper() => Helper() == CredentialHelperProgram;

    internal static bool IsHelperName(string? argv0) => HelperName(argv0) == CredentialHelperProgram;

    private static string? HelperName(string? argv0)
    {
        if (string.IsNullOrEmpty(argv0))
        {
            return null;
        }

        var name = Path.GetFileName(argv0);
        if (OperatingSystem.IsWindows() && name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4].ToLowerInvariant();
        }

        return name is CredentialHelperProgram or KubeletProviderProgram ? name : null;
    }

    private static string? ProcArgv0()
    {
        try
        {
            var raw = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(raw, (byte)0);
            return System.Text.Encoding.UTF8.GetString(raw, 0, end < 0 ? raw.Length : end);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
