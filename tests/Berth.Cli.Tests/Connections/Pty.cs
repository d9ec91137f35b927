using System.Diagnostics;
using System.Text.Json;

namespace Berth.Cli.Tests.Connections;

/// <summary>
/// Runs a program under a real pseudo-terminal (Python's pty module drives it), answering each
/// expected prompt as a person would, and returns everything the terminal showed.
/// </summary>
internal static class Pty
{
    private const string Driver = """
        import json, os, pty, select, sys, time
        steps = json.loads(os.environ["PTY_STEPS"])
        argv = sys.argv[1:]
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "PTY_STEPS")}
        env["TERM"] = "xterm"
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(argv[0], argv, env)
        seen = b""
        def read(deadline):
            global seen
            r, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
            if not r:
                return False
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return None
            if not chunk:
                return None
            seen += chunk
            return True
        for expect, answer in steps:
            deadline = time.time() + 60
            while expect.encode() not in seen:
                if time.time() > deadline or read(deadline) is None:
                    sys.stdout.write(seen.decode(errors="replace"))
                    sys.stdout.write("\n<<pty: never saw %r>>\n" % expect)
                    os.kill(pid, 9)
                    sys.exit(97)
            seen = seen.replace(expect.encode(), b"[" + expect.encode() + b"]", 1)
            os.write(fd, answer.encode() + b"\r")
        deadline = time.time() + 120
        while read(deadline):
            pass
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(seen.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """;

    public static async Task<(int Code, string Screen)> RunAsync(IReadOnlyList<(string Expect, string Answer)> steps, params string[] argv)
    {
        var script = Path.Combine(Path.GetTempPath(), $"berth-pty-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, Driver);
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            foreach (var a in argv)
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["PTY_STEPS"] = JsonSerializer.Serialize(steps.Select(s => new[] { s.Expect, s.Answer }));
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
