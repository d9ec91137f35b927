using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

public sealed class PiecewiseFileWriterTests
{
    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { PiecewiseFileWriter.PieceSize })]
    [InlineData(new[] { PiecewiseFileWriter.PieceSize + 1, 7 })]
    [InlineData(new[] { 1024 * 1024, 1024 * 1024, 333_333 })]
    [InlineData(new[] { 5, 0, 100_003, PiecewiseFileWriter.PieceSize - 1 })]
    public async Task Chunks_land_one_after_another_whatever_their_size(int[] chunkSizes)
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("blob");
        var data = new byte[chunkSizes.Sum()];
        new Random(data.Length).NextBytes(data);

        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            var writer = new PiecewiseFileWriter(handle);
            var at = 0;
            foreach (var size in chunkSizes)
            {
                await writer.WriteAsync(data.AsMemory(at, size), CancellationToken.None);
                at += size;
            }

            Assert.Equal(data.Length, writer.Length);
        }

        Assert.Equal(data, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public void A_write_at_an_offset_leaves_the_bytes_before_it_alone()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("blob");
        var head = Enumerable.Repeat((byte)0xAB, 1000).ToArray();
        var tail = new byte[3 * PiecewiseFileWriter.PieceSize + 17];
        new Random(3).NextBytes(tail);

        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            PiecewiseFileWriter.Write(handle, head, 0);
            PiecewiseFileWriter.Write(handle, tail, head.Length);
        }

        Assert.Equal([.. head, .. tail], File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_cancelled_write_does_not_start()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("blob");
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new PiecewiseFileWriter(handle).WriteAsync(new byte[10], cancelled.Token).AsTask());

        Assert.Equal(0, new FileInfo(path).Length);
    }
}
