using Berth.Errors;
using Berth.References;

namespace Berth.Content;

/// <summary>
/// Reads through an inner stream, hashing every byte; at end of stream the digest and length must
/// match what was expected, or the last read throws <see cref="DigestMismatchException"/>. So no
/// consumer can finish reading content that is not what it was asked for — unless it took the check
/// over with <see cref="TakeVerification"/>, and then it must run that check itself.
/// </summary>
public sealed class VerifyingStream : Stream, IVerifyingStream
{
    private readonly Stream _inner;
    private readonly ContentVerifier _verifier;
    private readonly IDisposable? _owner;
    private long _read;
    private bool _taken;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="owner"/> (the HTTP response the body belongs to) is disposed with it.</summary>
    public VerifyingStream(Stream inner, Digest expected, long? expectedSize, string what, IDisposable? owner = null)
    {
        _owner = owner;
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _verifier = new ContentVerifier(expected, expectedSize, what);
    }

    public long BytesRead => _read;

    /// <summary>Who served the content, for the <see cref="DigestMismatchException"/> a mismatch throws.</summary>
    public ErrorOrigin Origin
    {
        get => _verifier.Origin;
        init => _verifier.Origin = value;
    }

    /// <summary>
    /// Hands the digest check to the caller, so the hash can run beside the reads instead of inside them (a
    /// pipeline that writes a blob to a temporary file while the next bytes arrive). The caller must append every
    /// byte it reads from this stream, in order, and complete the check before it treats the content as the blob.
    /// The stream still counts: a read that brings more bytes than expected, or an end before the expected size,
    /// still throws. Only possible before the first read; null after it.
    /// </summary>
    public ContentVerifier? TakeVerification()
    {
        if (_taken || _read > 0)
        {
            return null;
        }

        _taken = true;
        return _verifier;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _verifier.ExpectedSize ?? throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        return Account(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (_taken)
        {
            _verifier.CheckCount(_read + data.Length);
            _read += data.Length;
            if (data.Length == 0)
            {
                _verifier.CheckEnd(_read);
            }

            return data.Length;
        }

        if (data.Length > 0)
        {
            _verifier.Append(data);
            _read += data.Length;

            // With a known size, check the digest before handing out the last bytes: a consumer that
            // streams into an upload (Content-Length set) then never completes a request whose body is wrong.
            if (_verifier.IsFull)
            {
                _verifier.Complete();
            }

            return data.Length;
        }

        _verifier.Complete();
        return 0;
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
            _inner.Dispose();
            _verifier.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }
}
