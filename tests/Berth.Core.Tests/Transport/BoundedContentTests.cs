using System.Diagnostics;
using Berth.Testing;
using Berth.Transport;

namespace Berth.Core.Tests.Transport;

/// <summary>The one bounded read: counts what arrives, never trusts a declared length, refuses what is not a regular file.</summary>
public sealed class BoundedContentTests
{
    private static Exception TooLarge() => new InvalidDataException("too large");

    /// <summary>A stream that never ends and says it is empty, as /dev/zero does.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => 0;

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'a', offset, count);
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(9, 10)]
    [InlineData(200_000, 200_000)]
    public async Task Content_up_to_the_limit_is_read_whole(int size, int limit)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        Assert.Equal(bytes, await BoundedContent.ReadAsync(new MemoryStream(bytes), null, limit, TooLarge, default));
        Assert.Equal(bytes, await BoundedContent.ReadAsync(new MemoryStream(bytes), size, limit, TooLarge, default));
    }

    [Fact]
    public async Task One_byte_over_the_limit_fails()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => BoundedContent.ReadAsync(new MemoryStream(new byte[11]), null, 10, TooLarge, default));
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_fails_before_reading()
    {
        var endless = new EndlessStream();

        await Assert.ThrowsAsync<InvalidDataException>(() => BoundedContent.ReadAsync(endless, 6L << 30, 1024, TooLarge, default));
        Assert.Equal(0, endless.Served);
    }

    [Fact]
    public async Task A_declared_length_that_lies_low_is_not_trusted()
    {
        var endless = new EndlessStream();

        await Assert.ThrowsAsync<InvalidDataException>(() => BoundedContent.ReadAsync(endless, 10, 1024 * 1024, TooLarge, default));
        Assert.InRange(endless.Served, 1024 * 1024 + 1, 2 * 1024 * 1024);
    }

    [Fact]
    public async Task A_prefix_stops_at_its_size_and_leaves_the_rest()
    {
        var endless = new EndlessStream();

        var prefix = await BoundedContent.ReadPrefixAsync(endless, BoundedContent.MaxErrorBodyBytes, default);

        Assert.Equal(BoundedContent.MaxErrorBodyBytes, prefix.Length);
        Assert.InRange(endless.Served, BoundedContent.MaxErrorBodyBytes, 2 * BoundedContent.MaxErrorBodyBytes + 1);
        Assert.Equal([1, 2], await BoundedContent.ReadPrefixAsync(new MemoryStream([1, 2]), 10, default));
    }

    [Fact]
    public async Task Dev_zero_is_refused_as_a_character_device_without_being_read()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            BoundedContent.ReadFileAsync("/dev/zero", 1024, TooLarge, kind => new InvalidOperationException(kind), default));

        Assert.Equal("a character device", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_fifo_is_refused_without_being_opened()
    {
        using var directory = new TempDirectory();
        var fifo = Path.Combine(directory.Path, "fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            BoundedContent.ReadFileAsync(fifo, 1024, TooLarge, kind => new InvalidOperationException(kind), default));

        Assert.Equal("a FIFO (named pipe)", error.Message);
    }

    [Fact]
    public async Task A_regular_file_is_read_and_a_missing_one_reported_as_missing()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "index.json");
        await File.WriteAllTextAsync(file, "{}");

        Assert.Equal("{}"u8.ToArray(), await BoundedContent.ReadFileAsync(file, 2, TooLarge, kind => new InvalidOperationException(kind), default));
        await Assert.ThrowsAsync<InvalidDataException>(() => BoundedContent.ReadFileAsync(file, 1, TooLarge, kind => new InvalidOperationException(kind), default));
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            BoundedContent.ReadFileAsync(file + ".missing", 2, TooLarge, kind => new InvalidOperationException(kind), default));
    }

    [Theory]
    [InlineData(1024L * 1024, "1 MiB")]
    [InlineData(64L * 1024, "64 KiB")]
    [InlineData(1000L, "1000 bytes")]
    public void Limits_read_as_people_write_them(long bytes, string text) => Assert.Equal(text, BoundedContent.FormatBytes(bytes));
}
