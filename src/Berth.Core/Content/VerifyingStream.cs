using System.Security.Cryptography;
using Berth.Errors;
using Berth.References;

namespace Berth.Content;

/// <summary>
/// Reads through an inner stream, hashing every byte; at end of stream the digest and length must
/// match what was expected, or the last read throws <see cref="DigestMismatchException"/>. So no
/// consumer can finish reading content that is not what it was asked for.
/// </summary>
public sealed class VerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly IncrementalHash _hash;
    private readonly string _what;
    private readonly IDisposable? _owner;
    private long _read;
    private bool _verified;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="owner"/> (the HTTP response the body belongs to) is disposed with it.</summary>
    public VerifyingStream(Stream inner, Digest expected, long? expectedSize, string what, IDisposable? owner = null)
    {
        _owner = owner;
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _what = what;
        _hash = expected.Algorithm switch
        {
            "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
            _ => throw new NotSupportedException($"{what}: digest algorithm '{expected.Algorithm}' cannot be verified (sha256 and sha512 are supported)"),
        };
    }

    public long BytesRead => _read;

    /// <summary>Who served the content, for the <see cref="DigestMismatchException"/> a mismatch throws.</summary>
    public ErrorOrigin Origin { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedSize ?? throw new NotSupportedException();

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
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            _read += data.Length;
            if (_expectedSize is { } max && _read > max)
            {
                throw new DigestMismatchException(_what, $"{_expectedSize} bytes", $"more than {max} bytes") { Origin = Origin };
            }

            // With a known size, check the digest before handing out the last bytes: a consumer that
            // streams into an upload (Content-Length set) then never completes a request whose body is wrong.
            if (_expectedSize is { } full && _read == full)
            {
                Verify();
            }

            return data.Length;
        }

        Verify();
        return 0;
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        _verified = true;
        if (_expectedSize is { } size && _read != size)
        {
            throw new DigestMismatchException(_what, $"{size} bytes ({_expected})", $"{_read} bytes") { Origin = Origin };
        }

        var actual = _expected.Algorithm + ":" + Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!string.Equals(actual, _expected.Value, StringComparison.Ordinal))
        {
            throw new DigestMismatchException(_what, _expected.Value, actual) { Origin = Origin };
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
            _inner.Dispose();
            _hash.Dispose();
            _owner?.Dispose();
        }

        base.Dispose(disposing);
    }
}
