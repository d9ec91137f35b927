namespace Berth.Testing;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private readonly bool deleteInBackground;

    /// <param name="prefix">Start of the directory name.</param>
    /// <param name="deleteInBackground">
    /// On dispose, rename the directory away at once and let a detached <c>rm -rf</c> remove it: a registry's
    /// storage with thousands of small files can take many seconds to delete on a busy disk.
    /// </param>
    public TempDirectory(string prefix = "berth-test", bool deleteInBackground = false)
    {
        this.deleteInBackground = deleteInBackground;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>Combines <see cref="Path"/> with the given parts.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates (if needed) and returns a sub directory.</summary>
    public string CreateSubdirectory(string name) => Directory.CreateDirectory(Combine(name)).FullName;

    public override string ToString() => Path;

    private bool TryDeleteInBackground()
    {
        var doomed = Path + ".deleting";
        try
        {
            Directory.Move(Path, doomed);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("rm") { UseShellExecute = false };
            info.ArgumentList.Add("-rf");
            info.ArgumentList.Add(doomed);
            using var rm = System.Diagnostics.Process.Start(info);
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Directory.Delete(doomed, recursive: true);
            return true;
        }
    }

    public void Dispose()
    {
        if (deleteInBackground && TryDeleteInBackground())
        {
            return;
        }

        // Best effort: a process that still holds a file open must not turn a passing test into a failure.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
