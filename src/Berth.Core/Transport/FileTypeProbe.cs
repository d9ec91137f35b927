using System.Runtime.InteropServices;

namespace Berth.Transport;

/// <summary>
/// What kind of file a path names, from <c>statx(2)</c> (following symbolic links). .NET reports a FIFO and a
/// character device as ordinary files of length 0, and opening a FIFO blocks until someone writes to it, so the type
/// has to be asked before the file is opened. <c>statx</c>'s buffer has one layout on every Linux architecture.
/// </summary>
internal static partial class FileTypeProbe
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int BufferSize = 256;

    /// <summary>Null for a regular file, a missing path or an unknown answer; else what the path is ("a FIFO").</summary>
    public static string? Describe(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return System.IO.Directory.Exists(path) ? "a directory" : null;
        }

        int mode;
        try
        {
            mode = Mode(path);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without statx (very old glibc, some musl builds): fall back to what .NET can tell.
            return System.IO.Directory.Exists(path) ? "a directory" : null;
        }

        if (mode < 0)
        {
            return null;
        }

        return (mode & 0xF000) switch
        {
            0x8000 => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x4000 => "a directory",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a regular file",
        };
    }

    /// <summary>The <c>st_mode</c> bits, or -1 when the path cannot be examined (missing, no permission, no statx).</summary>
    private static unsafe int Mode(string path)
    {
        var buffer = stackalloc byte[BufferSize];
        return Statx(AtFdCwd, path, 0, StatxType, buffer) == 0 ? *(ushort*)(buffer + ModeOffset) : -1;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
