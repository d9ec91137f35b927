namespace Berth.DockerConfig;

/// <summary>
/// Writes files that hold secrets: a temporary file beside the target, created and forced to mode 0600,
/// flushed to disk, then renamed over the target, so readers never see a partial file and the secret
/// is never world-readable even for an instant.
/// </summary>
public static class PrivateFile
{
    /// <summary>Owner read/write only.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically with mode 0600.</summary>
    /// <exception cref="IOException">With <paramref name="overwrite"/> false: the target already exists.</exception>
    public static async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new IOException($"'{path}' has no parent directory");
        if (!overwrite && Path.Exists(full))
        {
            throw new IOException($"'{path}' already exists");
        }

        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        try
        {
            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The create mode is filtered by the umask; set it exactly.
                    File.SetUnixFileMode(stream.SafeFileHandle, Mode);
                }

                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
