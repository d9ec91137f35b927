using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.Testing.Transfer;

/// <summary>
/// A real Distribution registry (Debian's docker-registry), open, plain http on 127.0.0.1 and a
/// free port, storing into a temporary directory that is removed on dispose.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";
    private readonly Process _process;

    private LocalRegistry(Process process, string root, int port)
    {
        _process = process;
        Root = root;
        Port = port;
    }

    /// <summary>The registry's storage and config directory.</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of references.</summary>
    public string Host => "127.0.0.1:" + Port;

    public string Ref(string repository, string tagOrDigest = "latest") =>
        Host + "/" + repository + (tagOrDigest.Contains(':', StringComparison.Ordinal) ? "@" : ":") + tagOrDigest;

    /// <summary>Where the registry keeps a blob's bytes on disk (to corrupt or delete it in tests).</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Root, "storage", "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    public static async Task<LocalRegistry> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "berth-registry-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var config = Path.Combine(root, "config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(root, "storage")}
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:{port}
                """);
            var info = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("serve");
            info.ArgumentList.Add(config);
            var process = Process.Start(info) ?? throw new InvalidOperationException("docker-registry did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var registry = new LocalRegistry(process, root, port);
            if (await registry.WaitReadyAsync())
            {
                return registry;
            }

            process.Kill(true);
            process.Dispose();
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"docker-registry did not answer on 127.0.0.1:{port}");
            }
        }
    }

    private async Task<bool> WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
