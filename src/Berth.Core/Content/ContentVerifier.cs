using System.Security.Cryptography;
using Berth.Errors;
using Berth.References;

namespace Berth.Content;

/// <summary>
/// Checks content, appended in order, against the digest and size it was expected to have:
/// <see cref="Append"/> fails as soon as there are more bytes than expected, <see cref="Complete"/> fails when
/// the size or the digest is wrong. <see cref="VerifyingStream"/> runs one inside its reads; a consumer that
/// takes the check over (<see cref="VerifyingStream.TakeVerification"/>) runs it beside them.
/// </summary>
public sealed class ContentVerifier : IDisposable
{
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly IncrementalHash _hash;
    private readonly string _what;
    private long _length;
    private bool _completed;

    /// <param name="expected">The digest the content must have.</param>
    /// <param name="expectedSize">The size it must have; null when unknown.</param>
    /// <param name="what">The content, for error messages (e.g. <c>blob sha256:… from registry/repo</c>).</param>
    public ContentVerifier(Digest expected, long? expectedSize, string what)
    {
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

    /// <summary>Who served the content, for the <see cref="DigestMismatchException"/> a mismatch throws.</summary>
    public ErrorOrigin Origin { get; internal set; }

    /// <summary>The size the content must have; null when unknown.</summary>
    public long? ExpectedSize => _expectedSize;

    /// <summary>The bytes appended so far.</summary>
    public long Length => _length;

    /// <summary>True once every expected byte is in (always false when the size is unknown).</summary>
    public bool IsFull => _expectedSize is { } size && _length == size;

    public void Append(ReadOnlySpan<byte> data)
    {
        CheckCount(_length + data.Length);
        _hash.AppendData(data);
        _length += data.Length;
    }

    /// <summary>Fails when <paramref name="count"/> bytes are more than expected; a stream that defers the hash still counts.</summary>
    public void CheckCount(long count)
    {
        if (_expectedSize is { } max && count > max)
        {
            throw new DigestMismatchException(_what, $"{max} bytes", $"more than {max} bytes") { Origin = Origin };
        }
    }

    /// <summary>Fails when <paramref name="count"/> bytes, the whole content, are not the expected size.</summary>
    public void CheckEnd(long count)
    {
        if (_expectedSize is { } size && count != size)
        {
            throw new DigestMismatchException(_what, $"{size} bytes ({_expected})", $"{count} bytes") { Origin = Origin };
        }
    }

    /// <summary>Checks the size and the digest of everything appended; only the first call checks.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        CheckEnd(_length);
        var actual = _expected.Algorithm + ":" + Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!string.Equals(actual, _expected.Value, StringComparison.Ordinal))
        {
            throw new DigestMismatchException(_what, _expected.Value, actual) { Origin = Origin };
        }
    }

    public void Dispose() => _hash.Dispose();
}
