using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Berth.Processes;

namespace Berth.Connections.Providers;

/// <summary>
/// Runs Halyard-style password commands: an argv list started directly (never through a shell, so no quoting
/// or injection surprises), with a timeout; standard output, trimmed, is the password. Results are cached per
/// connection and command for the connection's cache interval so a registry session does not fork per request.
/// The command gets the caller's environment without Berth's own variables (<see cref="ChildEnvironment"/>).
/// </summary>
public sealed class PasswordCommandRunner
{
    /// <summary>Halyard's default <c>cacheIntervalSeconds</c>.</summary>
    public static readonly TimeSpan DefaultCacheInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PasswordCommandRunner(TimeProvider? time = null, TimeSpan? timeout = null)
    {
        _time = time ?? TimeProvider.System;
        Timeout = timeout ?? DefaultTimeout;
    }

    public static PasswordCommandRunner Shared { get; } = new();

    public TimeSpan Timeout { get; }

    /// <summary>How many times a command was actually started (diagnostics and tests).</summary>
    public int Runs => _runs;

    private int _runs;

    /// <summary>The command's output for this connection, from the cache while younger than <paramref name="cacheInterval"/>.</summary>
    public async Task<string> GetAsync(Guid connectionId, IReadOnlyList<string> argv, TimeSpan? cacheInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argv);
        var key = connectionId.ToString("N") + "\0" + string.Join('\0', argv);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Value;
        }

        var value = await RunAsync(argv, cancellationToken).ConfigureAwait(false);
        var interval = cacheInterval ?? DefaultCacheInterval;
        if (interval > TimeSpan.Zero)
        {
            _cache[key] = new Entry(value, _time.GetUtcNow() + interval);
        }

        return value;
    }

    /// <summary>Forgets cached output (after a registry rejected it, say).</summary>
    public void Invalidate(Guid connectionId)
    {
        var prefix = connectionId.ToString("N") + "\0";
        foreach (var key in _cache.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _cache.TryRemove(key, out _);
        }
    }

    /// <summary>Runs the command once, uncached.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0 || string.IsNullOrWhiteSpace(argv[0]))
        {
            throw new PasswordCommandException("", "password command is empty; give the program and its arguments");
        }

        var name = argv[0];
        var start = new ProcessStartInfo
        {
            FileName = name,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        ChildEnvironment.Scrub(start);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new PasswordCommandException(name, $"password command '{name}' could not be started: {ex.Message}", inner: ex);
        }

        Interlocked.Increment(ref _runs);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new PasswordCommandException(name,
                $"password command '{name}' timed out after {Timeout.TotalSeconds:0.###} s and was stopped; make it finish faster or check that it does not wait for input",
                timedOut: true);
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var firstLine = FirstLine(errors);
            throw new PasswordCommandException(name,
                $"password command '{name}' exited with code {process.ExitCode}" + (firstLine.Length > 0 ? $": {firstLine}" : " and printed nothing on standard error"),
                exitCode: process.ExitCode);
        }

        var password = output.Trim();
        return password.Length > 0
            ? password
            : throw new PasswordCommandException(name, $"password command '{name}' succeeded but printed nothing on standard output", exitCode: 0);
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed;
            }
        }

        return "";
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing left to stop.
        }
    }

    private sealed record Entry(string Value, DateTimeOffset Until);
}
