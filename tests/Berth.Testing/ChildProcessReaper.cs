using System.Collections.Concurrent;
using System.Diagnostics;

namespace Berth.Testing;

/// <summary>Kills server processes the fixtures started (and removes their directories) when the test host exits without disposing them.</summary>
internal static class ChildProcessReaper
{
    private static readonly ConcurrentDictionary<int, (Process Process, TempDirectory? Directory)> Live = new();
    private static int registered;

    public static void Track(Process process, TempDirectory? directory = null)
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }
        Live[process.Id] = (process, directory);
    }

    public static void Untrack(Process process) => Live.TryRemove(process.Id, out _);

    private static void KillAll()
    {
        foreach (var (process, directory) in Live.Values)
        {
            ProcessRunner.Kill(process);
            directory?.Dispose();
        }
        Live.Clear();
    }
}
