namespace Berth.Testing;

/// <summary>
/// A read-only stream of <c>length</c> bytes from a seeded <see cref="Random"/>; same seed, same bytes whatever the read sizes.
/// It claims to be seekable (only to where it already is) because TarWriter needs a known length to stream into gzip.
/// </summary>
internal sealed class PseudoRandomStream(int seed, long length) : Stream
{
    private readonly Random random = new(seed);
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        if (n <= 0)
        {
            return 0;
        }
        random.NextBytes(buffer[..n]);
        position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        return target == position ? position : throw new NotSupportedException("A pseudo-random stream only moves forward by reading.");
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
