using System.Diagnostics;
using System.Text;

namespace Berth.Testing.Transfer;

/// <summary>Runs the reference client, skopeo, against loopback registries (plain http, no policy).</summary>
public static class SkopeoTool
{
    public const string Executable = "/usr/bin/skopeo";

    public static async Task<string> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--insecure-policy");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A private home so skopeo's blob-info cache from other runs cannot turn copies into mounts.
        var home = Path.Combine(Path.GetTempPath(), "berth-skopeo-home");
        Directory.CreateDirectory(home);
        info.Environment["HOME"] = home;
        info.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"skopeo {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    /// <summary><c>skopeo copy</c> between any two transports, http allowed on both sides.</summary>
    public static Task<string> CopyAsync(string source, string destination, params string[] extra) =>
        RunAsync(["copy", "--src-tls-verify=false", "--dest-tls-verify=false", .. extra, source, destination]);

    /// <summary>The manifest bytes as stored (<c>inspect --raw</c>).</summary>
    public static async Task<byte[]> RawManifestAsync(string image) =>
        Encoding.UTF8.GetBytes(await RunAsync("inspect", "--raw", "--tls-verify=false", image));

    /// <summary>The digest of the manifest as stored.</summary>
    public static async Task<string> DigestAsync(string image)
    {
        var raw = await RunAsync("inspect", "--raw", "--tls-verify=false", image);
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }
}
