using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>
/// The berth-server program built with these tests, run as its own process (so a test can SIGKILL it) on
/// 127.0.0.1 with an ephemeral port, with its lines collected.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServerProcess(Process process, string instanceId)
    {
        _process = process;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The bootstrap admin token, when this start printed one (the first replica on an empty database).</summary>
    public string? AdminToken { get; private set; }

    public string Output => string.Join('\n', _lines);

    public int ProcessId => _process.Id;

    public static async Task<ServerProcess> StartAsync(string instanceId, string dataDirectory, string? database, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(RepositoryLayout.BuiltProgram("Berth.Server", "berth-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", "--data-dir", dataDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("BERTH_MASTER_KEY");
        start.Environment["BERTH_INSTANCE_ID"] = instanceId;
        if (database is not null)
        {
            start.Environment["BERTH_DATABASE"] = database;
        }
        else
        {
            start.Environment.Remove("BERTH_DATABASE");
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var server = new ServerProcess(process, instanceId);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            server.BaseUri = await listening.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"berth-server {instanceId} did not start listening in 90 s:\n{server.Output}");
        }

        return server;
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: the process gets no chance to hand anything back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line, TaskCompletionSource<Uri>? listening)
    {
        if (line is null)
        {
            listening?.TrySetException(new InvalidOperationException($"berth-server {InstanceId} exited:\n{Output}"));
            return;
        }

        _lines.Enqueue(line);
        if (ServerHarness.TokenIn(line) is { } token)
        {
            AdminToken = token;
        }

        if (listening is not null && Serving().Match(line) is { Success: true } m)
        {
            listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"serving the API at (http://127\.0\.0\.1:\d+/)api/v1")]
    private static partial Regex Serving();
}
