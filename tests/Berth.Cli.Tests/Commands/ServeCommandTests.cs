using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Berth.Testing;

namespace Berth.Cli.Tests.Commands;

/// <summary>
/// <c>berth serve</c> as a real process (the AOT binary when BERTH_CLI is set) running the server built with the
/// tests: a signal sent to berth stops the server, and the server never outlives berth (DESIGN.md §3, "Server and
/// dashboard"). Linux only: processes are found through /proc.
/// </summary>
public sealed class ServeCommandTests
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    [Theory]
    [InlineData(SIGTERM)]
    [InlineData(SIGINT)]
    public async Task A_signal_to_berth_alone_stops_the_server_and_frees_the_port(int signal)
    {
        await using var serve = await Serve.StartAsync(ownProcessGroup: false);
        Assert.True(kill(serve.Pid, signal) == 0, $"kill({serve.Pid}, {signal}) failed: {Marshal.GetLastPInvokeErrorMessage()}");
        await serve.AssertStoppedAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Ctrl_C_to_the_process_group_stops_the_server()
    {
        await using var serve = await Serve.StartAsync(ownProcessGroup: true);
        Assert.True(kill(-serve.Pid, SIGINT) == 0, $"kill(-{serve.Pid}, SIGINT) failed: {Marshal.GetLastPInvokeErrorMessage()}");
        await serve.AssertStoppedAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task The_server_does_not_outlive_a_killed_berth()
    {
        await using var serve = await Serve.StartAsync(ownProcessGroup: false);
        serve.Process.Kill(entireProcessTree: false); // SIGKILL to berth alone: nothing of it runs any more
        await serve.AssertStoppedAsync(TimeSpan.FromSeconds(5));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <summary>
    /// One <c>berth serve</c> on a free loopback port over a fresh data directory. Every process it leads to carries
    /// <c>BERTH_HOME=&lt;that directory&gt;</c> in its environment (berth passes its environment on), which is how the
    /// server is found whatever its pid and parent.
    /// </summary>
    private sealed class Serve : IAsyncDisposable
    {
        private readonly TempDirectory _home;
        private readonly StringBuilder _output = new();
        private readonly int _port;

        private Serve(TempDirectory home, int port, Process process)
        {
            _home = home;
            _port = port;
            Process = process;
        }

        public Process Process { get; }

        public int Pid => Process.Id;

        public static async Task<Serve> StartAsync(bool ownProcessGroup)
        {
            var home = new TempDirectory("berth-serve");
            var port = PortAllocator.GetFreePort();
            var berth = CliRunner.Executable;
            // setsid(1), run by a process that leads no group, starts a new session and group in place (same pid):
            // a signal to the group then reaches what a terminal's Ctrl+C would reach, and nothing of the test host.
            var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : berth)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (ownProcessGroup)
            {
                start.ArgumentList.Add(berth);
            }

            foreach (var arg in new[] { "serve", "--urls", $"http://127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["BERTH_HOME"] = home.Path;
            start.Environment["BERTH_SERVER"] = RepositoryLayout.BuiltProgram("Berth.Server", "berth-server");
            var serve = new Serve(home, port, Process.Start(start)!);
            serve.Process.OutputDataReceived += (_, e) => serve.Log(e.Data);
            serve.Process.ErrorDataReceived += (_, e) => serve.Log(e.Data);
            serve.Process.BeginOutputReadLine();
            serve.Process.BeginErrorReadLine();
            try
            {
                await serve.WaitUntilAnsweringAsync();
                Assert.NotEmpty(serve.LiveProcesses());
                if (ownProcessGroup)
                {
                    Assert.Equal(serve.Pid, ProcessGroupOf(serve.Pid));
                }
            }
            catch
            {
                await serve.DisposeAsync();
                throw;
            }

            return serve;
        }

        /// <summary>Berth has exited, no process of this server is alive, and the port can be bound again.</summary>
        public async Task AssertStoppedAsync(TimeSpan within)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var exited = Process.HasExited; // not WaitForExit: that also waits for EOF on the output an orphan still holds
                var live = LiveProcesses();
                var portFree = PortIsFree(_port);
                if (exited && live.Count == 0 && portFree)
                {
                    return;
                }

                if (deadline.Elapsed > within)
                {
                    Assert.Fail($"{within.TotalSeconds:0} s after the signal: berth {(exited ? "exited" : "still runs")}; "
                        + $"port {_port} {(portFree ? "free" : "still taken")}; processes left: "
                        + (live.Count == 0 ? "none" : string.Join("; ", live.Select(Describe)))
                        + $"\noutput:\n{Output}");
                }

                await Task.Delay(100);
            }
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Log(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private async Task WaitUntilAnsweringAsync()
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(120))
            {
                if (Process.HasExited)
                {
                    Assert.Fail($"berth serve exited with {Process.ExitCode} before answering:\n{Output}");
                }

                // A fresh client each time, disposed before any signal: the client closes the connection, so no
                // TIME_WAIT is left on the server's port.
                using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_port}/openapi/v1.json"));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            return;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // Not listening yet.
                    }
                }

                await Task.Delay(200);
            }

            Assert.Fail($"berth serve did not answer on port {_port} within 120 s:\n{Output}");
        }

        /// <summary>Live (not zombie) processes whose environment names this server's data directory.</summary>
        private List<int> LiveProcesses()
        {
            var marker = Encoding.UTF8.GetBytes($"BERTH_HOME={_home.Path}\0");
            var found = new List<int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    var environment = File.ReadAllBytes(Path.Combine(dir, "environ"));
                    if (environment.AsSpan().IndexOf(marker) >= 0 && State(pid) != 'Z')
                    {
                        found.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile, or not ours.
                }
            }

            return found;
        }

        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses, so parse after the last ')'.
        private static string[] StatFields(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }

        private static char State(int pid) => StatFields(pid)[0][0];

        private static int ProcessGroupOf(int pid) => int.Parse(StatFields(pid)[2], CultureInfo.InvariantCulture);

        private static string Describe(int pid)
        {
            try
            {
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
                return $"{pid} (parent {StatFields(pid)[1]}): {cmdline}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return pid.ToString(CultureInfo.InvariantCulture);
            }
        }

        private static bool PortIsFree(int port)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>Whatever the outcome, nothing of this server survives the test.</summary>
        public ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: false);
            }

            foreach (var pid in LiveProcesses())
            {
                _ = kill(pid, 9);
            }

            Process.WaitForExit(5000);
            Process.Dispose();
            _home.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
