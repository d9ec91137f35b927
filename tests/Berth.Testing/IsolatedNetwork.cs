using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Berth.Testing;

/// <summary>
/// A network namespace that holds only loopback — plus extra addresses on <c>lo</c>, such as 169.254.169.254, so a
/// trap can listen where a cloud metadata service would — and a mount namespace whose <c>/etc/hosts</c> and
/// <c>/etc/resolv.conf</c> are this fixture's own. For tests that may follow a hostile address: nothing run inside
/// (<see cref="RunAsync"/>) can send a packet off the machine, and <see cref="Listen"/> opens sockets inside it from
/// this process, so fakes written in C# serve the programs under test there. Needs root, <c>unshare</c>/<c>nsenter</c>
/// (util-linux) and <c>ip</c> (iproute2); test.sh installs them.
/// </summary>
public sealed class IsolatedNetwork : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly Process _holder;
    private readonly TempDirectory _directory;

    private IsolatedNetwork(Process holder, TempDirectory directory)
    {
        _holder = holder;
        _directory = directory;
    }

    /// <summary>The hosts file every program inside sees as <c>/etc/hosts</c>; rewrite it with <see cref="SetHosts"/>.</summary>
    public string HostsFile => _directory.Combine("hosts");

    /// <summary>Starts the namespaces with <paramref name="loopbackAliases"/> on <c>lo</c> and these host entries.</summary>
    public static async Task<IsolatedNetwork> StartAsync(IReadOnlyList<IPAddress> loopbackAliases, params (string Name, IPAddress Address)[] hosts)
    {
        ArgumentNullException.ThrowIfNull(loopbackAliases);
        var directory = new TempDirectory("berth-netns");
        WriteHosts(directory.Combine("hosts"), hosts);
        // No name server answers inside: a name not in the hosts file fails at once instead of leaving.
        await File.WriteAllTextAsync(directory.Combine("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");

        var script = string.Join("; ",
        [
            "set -e",
            "ip link set lo up",
            .. loopbackAliases.Select(a => $"ip addr add {a}/{(a.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)} dev lo"),
            $"mount --bind '{directory.Combine("hosts")}' /etc/hosts",
            $"mount --bind '{directory.Combine("resolv.conf")}' /etc/resolv.conf",
            "echo ready",
            "exec sleep 3600",
        ]);
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--net", "--mount", "--propagation", "private", "--", "sh", "-c", script])
        {
            info.ArgumentList.Add(arg);
        }

        Process holder;
        try
        {
            holder = Process.Start(info) ?? throw new InvalidOperationException("could not start unshare");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            directory.Dispose();
            throw new InvalidOperationException($"cannot start 'unshare' ({e.Message}); install util-linux and iproute2 (test.sh does)", e);
        }

        ChildProcessReaper.Track(holder, directory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await holder.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var error = await holder.StandardError.ReadToEndAsync(CancellationToken.None);
            ProcessRunner.Kill(holder);
            ChildProcessReaper.Untrack(holder);
            holder.Dispose();
            directory.Dispose();
            throw new InvalidOperationException($"could not set up an isolated network namespace (root, unshare and ip are needed): {error.Trim()}");
        }

        return new IsolatedNetwork(holder, directory);
    }

    /// <summary>Replaces the namespace's <c>/etc/hosts</c> (the same file stays bind-mounted, so a name can be rebound).</summary>
    public void SetHosts(params (string Name, IPAddress Address)[] hosts) => WriteHosts(HostsFile, hosts);

    /// <summary>A listening TCP socket inside the namespace (the socket stays in it whichever thread uses it).</summary>
    public Socket Listen(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Socket? socket = null;
        Exception? failure = null;
        // setns moves only the calling thread: do it on a thread of our own, which ends right after.
        var thread = new Thread(() =>
        {
            try
            {
                using var own = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/proc/{_holder.Id}/ns/net");
                Enter(target);
                try
                {
                    socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(endpoint);
                    socket.Listen(64);
                }
                finally
                {
                    Enter(own);
                }
            }
            catch (Exception e)
            {
                socket?.Dispose();
                socket = null;
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"could not listen on {endpoint} inside the namespace: {failure?.Message}", failure);
    }

    /// <summary>Runs a program inside both namespaces (<c>nsenter</c>), capturing its output.</summary>
    public Task<ProcessResult> RunAsync(string executable, IReadOnlyList<string> arguments, string? stdin = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("nsenter", ["--target", _holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--net", "--mount", "--", executable, .. arguments],
            timeout ?? TimeSpan.FromSeconds(120), CancellationToken.None, stdin: stdin);

    public ValueTask DisposeAsync()
    {
        ProcessRunner.Kill(_holder);
        ChildProcessReaper.Untrack(_holder);
        _holder.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void WriteHosts(string path, (string Name, IPAddress Address)[] hosts) =>
        File.WriteAllText(path, "127.0.0.1 localhost\n::1 localhost\n" + string.Concat(hosts.Select(h => $"{h.Address} {h.Name}\n")));

    private static void Enter(Microsoft.Win32.SafeHandles.SafeFileHandle ns)
    {
        if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed (errno {Marshal.GetLastPInvokeError()}); the tests must run as root");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
