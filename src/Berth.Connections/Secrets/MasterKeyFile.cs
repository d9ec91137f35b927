using System.Text;

namespace Berth.Connections.Secrets;

/// <summary>
/// The key file <c>&lt;dataDir&gt;/master.key</c>: base64 of the key and a newline (the same text
/// BERTH_MASTER_KEY takes), mode 0600, written through a temporary file and a rename so it is never half-written.
/// </summary>
internal static class MasterKeyFile
{
    public const string FileName = "master.key";
    public const string PendingSuffix = ".new";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Describe(string path) => "key file " + path;

    /// <summary>Loads the key file, creating it with a fresh key on first run.</summary>
    public static MasterKey LoadOrCreate(string path)
    {
        if (Directory.Exists(path))
        {
            throw new MasterKeyException(
                $"key file {path} is a directory, not a key file; move it away and restore the key file (or set {MasterKey.EnvironmentVariable}).");
        }

        if (!File.Exists(path))
        {
            var key = MasterKey.Generate(Describe(path));
            if (TryWriteNew(path, key))
            {
                return key;
            }

            // Another process created it first: use theirs so both agree.
        }

        return Load(path);
    }

    public static MasterKey Load(string path)
    {
        // Refuse rather than warn: a key readable by others protects nothing, and a warning scrolls away.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOther) != 0)
            {
                throw new MasterKeyException(
                    $"key file {path} is accessible by group or others (mode {Octal(mode)}); secrets are only as safe as this file. Run 'chmod 600 {path}' and try again.");
            }
        }

        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MasterKeyException($"key file {path} cannot be read ({e.Message}); check its owner and mode (0600).", e);
        }

        return MasterKey.FromBase64(text, Describe(path));
    }

    /// <summary>Writes <paramref name="key"/> to <paramref name="path"/> only if no file is there; false if one is.</summary>
    public static bool TryWriteNew(string path, MasterKey key)
    {
        var temp = WriteTemp(path, key);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>Writes <paramref name="key"/> to <paramref name="path"/>, replacing any file there atomically.</summary>
    public static void Replace(string path, MasterKey key)
    {
        var temp = WriteTemp(path, key);
        File.Move(temp, path, overwrite: true);
    }

    private static string WriteTemp(string path, MasterKey key)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(key.ExportBase64() + "\n"));
            stream.Flush(flushToDisk: true);
        }

        return temp;
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
