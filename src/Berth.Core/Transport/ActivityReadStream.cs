using System.Buffers;

namespace Berth.Transport;

/// <summary>
/// Measures the silence of a stream, both ways it matters:
/// <list type="bullet">
/// <item>As an upload's request body it tells the request's timer when each read starts and ends, so the request
/// timeout measures the destination's silence (time it takes no bytes), not the whole upload and not the source's reads:
/// a 1 GiB layer sent steadily for minutes is never cut off, and a stalled source is not blamed on the destination.</item>
/// <item>Given a stall timeout, as a response body, every read that receives no byte for that long fails with the
/// caller's error (which names the peer and what it was sending), whatever the overall timeout.</item>
/// </list>
/// </summary>
internal sealed class ActivityReadStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _stallTimeout;
    private readonly Func<long, Exception>? _stalled;
    private readonly IDisposable? _owner;
    private readonly bool _ownsInner;
    private CancellationTokenSource? _timer;
    private long _read;

    /// <summary>A body whose reads are reported through <see cref="Reading"/> and <see cref="Activity"/>.</summary>
    public ActivityReadStream(Stream inner)
        : this(inner, Timeout.InfiniteTimeSpan, null)
    {
        // An upload body belongs to whoever handed it in.
        _ownsInner = false;
    }

    /// <param name="inner">The stream read through.</param>
    /// <param name="stallTimeout">The longest one read may wait for its first byte; infinite to only report activity.</param>
    /// <param name="stalled">The error for a stall, given the bytes read before it.</param>
    /// <param name="owner">Disposed with this stream (the HTTP response the body belongs to).</param>
    public ActivityReadStream(Stream inner, TimeSpan stallTimeout, Func<long, Exception>? stalled, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _stallTimeout = stallTimeout;
        _stalled = stalled;
        _owner = owner;
        _ownsInner = true;
    }

    /// <summary>Called as each read starts.</summary>
    public Action? Reading { get; set; }

    /// <summary>Called as each read ends, whatever it returned.</summary>
    public Action? Activity { get; set; }

    private bool Watched => _stalled is not null && _stallTimeout != Timeout.InfiniteTimeSpan && _stallTimeout > TimeSpan.Zero;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Watched)
        {
            // A blocking read cannot be timed: read asynchronously and wait.
            var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
            try
            {
                var n = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
                rented.AsSpan(0, n).CopyTo(buffer);
                return n;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        Reading?.Invoke();
        try
        {
            var n = _inner.Read(buffer);
            _read += n;
            return n;
        }
        finally
        {
            Activity?.Invoke();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reading?.Invoke();
        try
        {
            var n = Watched
                ? await ReadWatchedAsync(buffer, cancellationToken).ConfigureAwait(false)
                : await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _read += n;
            return n;
        }
        finally
        {
            Activity?.Invoke();
        }
    }

    private async ValueTask<int> ReadWatchedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // One timer for the stream's life, restarted per read; a read that raced a firing timer leaves it cancelled,
        // and then a fresh one is made.
        if (_timer is null || !_timer.TryReset())
        {
            _timer?.Dispose();
            _timer = new CancellationTokenSource();
        }

        var timer = _timer;
        using var caller = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timer)
            : default;
        timer.CancelAfter(_stallTimeout);
        try
        {
            return await _inner.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && timer.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw _stalled!(_read);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer?.Dispose();
            if (_ownsInner)
            {
                _inner.Dispose();
                _owner?.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
