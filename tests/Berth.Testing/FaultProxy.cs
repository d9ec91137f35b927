using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing;

/// <summary>
/// A loopback reverse proxy (plain http) in front of a real <see cref="RegistryServer"/> that streams every body
/// through and misbehaves on cue: each <see cref="FaultRule"/> (method + path regex + which occurrences) picks the
/// requests that get its <see cref="Fault"/> — a dropped connection mid-body, 429 with <c>Retry-After</c>, bursts of
/// 500/503, a truncated body that keeps its <c>Content-Length</c>, a flipped byte, or throttling. Requests no rule
/// picks pass through untouched, as with <see cref="PagingProxy"/> (upload Locations point back at the proxy).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly WebApplication app;
    private readonly HttpClient upstreamClient;
    private readonly ConcurrentQueue<FaultRule> rules = new();
    private readonly ConcurrentQueue<string> log = new();

    private FaultProxy(RegistryServer upstream, WebApplication app)
    {
        Upstream = upstream;
        this.app = app;
        upstreamClient = ProxyForwarding.CreateUpstreamClient(upstream);
    }

    public RegistryServer Upstream { get; }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of image references that go through the proxy.</summary>
    public string Host => BaseUri.Authority;

    /// <summary><c>METHOD /path?query</c> of every request, in arrival order, with <c> !fault</c> appended when one was applied.</summary>
    public IReadOnlyList<string> RequestLog => [.. log];

    public static async Task<FaultProxy> StartAsync(RegistryServer upstream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var app = LoopbackWebServer.CreateBuilder().Build();
        var proxy = new FaultProxy(upstream, app);
        app.Run(proxy.HandleAsync);
        try
        {
            proxy.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        return proxy;
    }

    /// <summary>Adds a rule; the first rule (in the order added) that picks a request decides its fault.</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rules.Enqueue(rule);
        return rule;
    }

    /// <summary>Removes every rule and forgets the request log.</summary>
    public void Reset()
    {
        rules.Clear();
        log.Clear();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        Fault? fault = null;
        foreach (var rule in rules)
        {
            // Every rule counts the request, so occurrences are what they say whatever else is configured.
            if (rule.Take(request.Method, path + request.QueryString) && fault is null)
            {
                fault = rule.Fault;
            }
        }

        log.Enqueue($"{request.Method} {path}{request.QueryString}{(fault is null ? "" : " !" + fault)}");
        try
        {
            if (fault is StatusFault status)
            {
                await AnswerAsync(context, status);
                return;
            }

            await ForwardAsync(context, path, fault);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpRequestException or InjectedDropException)
        {
            // The client went away, or we cut it off on purpose: either way the connection is done.
            context.Abort();
        }
    }

    private static async Task AnswerAsync(HttpContext context, StatusFault status)
    {
        context.Response.StatusCode = status.Code;
        if (status.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = status.RetryAfter;
        }

        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        context.Response.ContentType = "application/json; charset=utf-8";
        var code = status.Code == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"injected by the fault proxy\"}}]}}", context.RequestAborted);
        }
    }

    private async Task ForwardAsync(HttpContext context, string path, Fault? fault)
    {
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Upstream.BaseUri, path + request.QueryString));
        using var _ = message;
        if (hasBody)
        {
            Stream body = request.Body;
            if (fault is DropFault drop)
            {
                body = new FaultReadStream(body, drop.Bytes, null);
            }
            else if (fault is ThrottleFault slow)
            {
                body = new FaultReadStream(body, null, slow.KibPerSecond);
            }

            message.Content = new StreamContent(body, ChunkSize);
        }

        ProxyForwarding.CopyRequestHeaders(request, message);

        using var response = await upstreamClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        ProxyForwarding.CopyResponseHead(context, response);

        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        var responseFault = hasBody && fault is DropFault ? null : fault;
        await using var upstreamBody = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await CopyBodyAsync(context, upstreamBody, responseFault);
    }

    private static async Task CopyBodyAsync(HttpContext context, Stream from, Fault? fault)
    {
        var buffer = new byte[ChunkSize];
        var output = context.Response.Body;
        var ct = context.RequestAborted;
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var limit = fault switch
        {
            DropFault d => d.Bytes,
            TruncateFault t => t.Bytes,
            _ => long.MaxValue,
        };
        var rate = fault is ThrottleFault slow ? slow.KibPerSecond * 1024L : 0;
        while (true)
        {
            var want = (int)Math.Min(buffer.Length, limit - sent);
            if (rate > 0)
            {
                want = (int)Math.Min(want, Math.Max(1024, rate / 20));
            }

            if (want <= 0)
            {
                break;
            }

            var n = await from.ReadAsync(buffer.AsMemory(0, want), ct);
            if (n == 0)
            {
                return;
            }

            if (fault is FlipByteFault flip && flip.Offset >= sent && flip.Offset < sent + n)
            {
                buffer[flip.Offset - sent] ^= 0xff;
            }

            await output.WriteAsync(buffer.AsMemory(0, n), ct);
            sent += n;
            if (rate > 0)
            {
                await output.FlushAsync(ct);
                var due = TimeSpan.FromSeconds((double)sent / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }
            }
        }

        await output.FlushAsync(ct);
        if (fault is DropFault)
        {
            // Let the bytes reach the client, then cut the connection without ending the response.
            await Task.Delay(50, ct);
            throw new InjectedDropException();
        }

        // Truncate: end the response short of its Content-Length (Kestrel then closes the connection).
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        await app.DisposeAsync();
        upstreamClient.Dispose();
    }

    public override string ToString() => $"fault proxy {BaseUri} -> {Upstream.BaseUri}";

    private sealed class InjectedDropException : Exception;

    /// <summary>A request body that throws after a number of bytes (a dropped upload) or arrives at a limited rate.</summary>
    private sealed class FaultReadStream(Stream inner, long? dropAfter, int? kibPerSecond) : Stream
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (dropAfter is { } drop && _read >= drop)
            {
                throw new InjectedDropException();
            }

            var want = buffer.Length;
            if (dropAfter is { } limit)
            {
                want = (int)Math.Min(want, limit - _read);
            }

            if (kibPerSecond is { } kib)
            {
                want = Math.Min(want, Math.Max(1024, kib * 1024 / 20));
            }

            var n = await inner.ReadAsync(buffer[..want], cancellationToken);
            _read += n;
            if (kibPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds((double)_read / (rate * 1024L)) - _clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
