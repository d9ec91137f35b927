using System.Diagnostics;

namespace Berth.Transfer;

/// <summary>
/// Counts bytes read through it and reports them, at most every <see cref="Interval"/> so a fast
/// copy does not flood the listener.
/// </summary>
internal sealed class ProgressReadStream(Stream inner, Action<long> report) : Stream
{
    private static readonly long Interval = Stopwatch.Frequency / 10;
    private long _read;
    private long _lastReport = Stopwatch.GetTimestamp();

    public long BytesRead => _read;

    /// <summary>
    /// What the inner stream threw, if anything: an HTTP upload reading this stream reports a source failure
    /// as its own ("error while copying content"), so the copier asks here which side really failed.
    /// </summary>
    public Exception? ReadFailure { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Account(inner.Read(buffer));
        }
        catch (Exception ex)
        {
            ReadFailure ??= ex;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Account(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            ReadFailure ??= ex;
            throw;
        }
    }

    private int Account(int n)
    {
        _read += n;
        var now = Stopwatch.GetTimestamp();
        if (n > 0 && now - _lastReport >= Interval)
        {
            _lastReport = now;
            report(_read);
        }

        return n;
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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
