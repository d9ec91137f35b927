namespace Berth.Cli.CredentialHelper;

/// <summary>
/// Tells whether the binary was started as <c>docker-credential-berth</c> (a symlink to <c>berth</c>).
/// Native AOT reports argv[0] in <see cref="Environment.GetCommandLineArgs"/>; a framework-dependent apphost
/// reports its dll there and <see cref="Environment.ProcessPath"/> is the resolved target, so on Linux the name
/// the process was started under is read from <c>/proc/self/cmdline</c>.
/// </summary>
internal static class InvocationName
{
    public const string CredentialHelperProgram = "docker-credential-berth";

    public static bool IsCredentialHelper()
    {
        if (IsHelperName(Environment.GetCommandLineArgs().FirstOrDefault()))
        {
            return true;
        }

        return OperatingSystem.IsLinux() && IsHelperName(ProcArgv0());
    }

    internal static bool IsHelperName(string? argv0)
    {
        if (string.IsNullOrEmpty(argv0))
        {
            return false;
        }

        var name = Path.GetFileName(argv0);
        return name == CredentialHelperProgram
            || (OperatingSystem.IsWindows() && string.Equals(name, CredentialHelperProgram + ".exe", StringComparison.OrdinalIgnoreCase));
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
