using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

public sealed class OverlappedCopyTests
{
    [Theory]
    [InlineData(0, 16, 5)]
    [InlineData(1, 16, 1)]
    [InlineData(1000, 16, 7)]
    [InlineData(1000, 1, 1000)]
    [InlineData(65536, 4096, 4096)]
    [InlineData(100_003, 8192, 333)]
    public async Task CopiesEveryByteInOrder(int length, int bufferSize, int maxChunk)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        using var source = new TricklingStream(data, maxChunk);
        using var destination = new MemoryStream();

        await OverlappedCopy.CopyAsync(source, destination, bufferSize, CancellationToken.None);

        Assert.Equal(data, destination.ToArray());
    }

    [Fact]
    public async Task ReadFailureSurfacesAfterThePendingWriteEnds()
    {
        var data = new byte[10_000];
        using var source = new TricklingStream(data, 1000, failAfter: 3000);
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<IOException>(() => OverlappedCopy.CopyAsync(source, destination, 1000, CancellationToken.None));

        Assert.Equal("source broke at 3000", ex.Message);
        Assert.Equal(3000, destination.Length);
    }

    /// <summary>Hands out at most <c>maxChunk</c> bytes per read, asynchronously, like a socket.</summary>
    private sealed class TricklingStream(byte[] data, int maxChunk, int failAfter = -1) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (failAfter >= 0 && _position >= failAfter)
            {
                throw new IOException($"source broke at {_position}");
            }

            var n = Math.Min(Math.Min(buffer.Length, maxChunk), data.Length - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
