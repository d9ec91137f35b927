using System.Runtime.InteropServices;

namespace Berth.Cli.Commands;

/// <summary>
/// Replaces the running program with another one in the same process (POSIX <c>execve</c>): same process id,
/// parent, process group, terminal and standard streams; nothing of the CLI keeps running. Native AOT safe:
/// blittable source-generated P/Invokes into libc (linked directly in the AOT binary, see Berth.Cli.csproj).
/// </summary>
internal static partial class ProcessImage
{
    // sigset_t is 128 bytes in glibc and musl (the kernel reads 8), 4 on macOS and the BSDs: 128 covers all.
    private const int SignalSetBytes = 128;

    /// <summary>
    /// Runs <paramref name="path"/> in place of this program with <paramref name="arguments"/> (argv[1..]) and
    /// exactly <paramref name="environment"/>. Returns only by throwing, when the exec itself failed.
    /// </summary>
    public static void Replace(string path, string argv0, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var argv = Strings([argv0, .. arguments]);
        var envp = Strings(environment.Select(e => $"{e.Key}={e.Value}"));
        var noSignals = new byte[SignalSetBytes];
        var previousSignals = new byte[SignalSetBytes];
        try
        {
            Console.Out.Flush();
            Console.Error.Flush();
            // Handlers go back to their defaults across exec, but the blocked-signal mask of the calling thread is
            // inherited: unblock everything so SIGTERM and SIGINT reach the new program whatever thread this is.
            _ = sigprocmask(OperatingSystem.IsLinux() ? 2 : 3 /* SIG_SETMASK */, noSignals, previousSignals);
            _ = execve(path, argv, envp);
            var error = Marshal.GetLastPInvokeErrorMessage();
            _ = sigprocmask(OperatingSystem.IsLinux() ? 2 : 3, previousSignals, null);
            throw new InvalidOperationException($"could not start {path}: {error}");
        }
        finally
        {
            Free(argv);
            Free(envp);
        }
    }

    /// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings, as argv and envp are.</summary>
    private static IntPtr[] Strings(IEnumerable<string> values) =>
        [.. values.Select(Marshal.StringToCoTaskMemUTF8), IntPtr.Zero];

    private static void Free(IntPtr[] strings)
    {
        foreach (var s in strings)
        {
            Marshal.FreeCoTaskMem(s);
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execve(string path, IntPtr[] argv, IntPtr[] envp);

    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    private static partial int sigprocmask(int how, byte[] set, byte[]? oldSet);
}
