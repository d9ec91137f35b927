using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// The pull pipeline: a reader filling a fixed set of buffers, a consumer hashing each chunk in order while it is
/// written. Every byte lands at its offset, a wrong blob fails after the last write, memory stays within the
/// buffers, and a failure or cancellation on either side stops the other with nothing still in flight.
/// </summary>
public sealed class BlobPipelineTests
{
    private static byte[] Data(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static VerifyingStream Verifying(Stream inner, byte[] expected, long? size = null) =>
        new(inner, Digest.Sha256(expected), size ?? expected.Length, "blob under test");

    [Theory]
    [InlineData(0, 16, 4, 5)]
    [InlineData(1, 16, 4, 1)]
    [InlineData(1000, 16, 1, 7)]
    [InlineData(1000, 1, 3, 1000)]
    [InlineData(65536, 4096, 4, 4096)]
    [InlineData(100_003, 8192, 2, 333)]
    [InlineData(3_000_000, 1024 * 1024, 4, 65536)]
    public async Task Every_byte_lands_at_its_offset_in_a_file_and_the_digest_is_checked(int length, int bufferSize, int buffers, int maxChunk)
    {
        var data = Data(length);
        using var directory = new TempDirectory();
        var path = directory.Combine("blob");
        await using var source = Verifying(new TricklingStream(data, maxChunk), data);
        var verifier = source.TakeVerification()!;

        long written;
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            written = await BlobPipeline.CopyAsync(source, file, verifier, CancellationToken.None, bufferSize, buffers);
        }

        Assert.Equal(length, written);
        Assert.Equal(data, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_flipped_byte_fails_with_a_digest_mismatch_after_every_chunk_was_written()
    {
        var data = Data(200_000);
        var served = (byte[])data.Clone();
        served[150_000] ^= 0x40;
        await using var source = Verifying(new TricklingStream(served, 10_000), data);
        var sink = new RecordingSink();

        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            BlobPipeline.CopyAsync(source, sink.WriteAsync, source.TakeVerification()!, CancellationToken.None, 16_384, 3));

        Assert.Contains(Digest.Sha256(data).Value, ex.Message);
        Assert.Contains(Digest.Sha256(served).Value, ex.Message);
        Assert.Equal(served.Length, sink.Bytes);
    }

    [Theory]
    [InlineData(99_999, "99999 bytes")]
    [InlineData(100_001, "more than 100000 bytes")]
    public async Task A_body_of_the_wrong_length_fails_even_though_the_stream_no_longer_hashes(int servedLength, string actual)
    {
        var data = Data(100_000);
        var served = new byte[servedLength];
        Array.Copy(data, served, Math.Min(data.Length, servedLength));
        await using var source = Verifying(new TricklingStream(served, 7_000), data);

        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            BlobPipeline.CopyAsync(source, new RecordingSink().WriteAsync, source.TakeVerification()!, CancellationToken.None, 8192, 2));

        Assert.Contains(actual, ex.Message);
    }

    [Fact]
    public async Task A_source_that_breaks_surfaces_its_own_error_once_no_write_is_pending()
    {
        var data = Data(100_000);
        await using var source = Verifying(new TricklingStream(data, 1000, failAfter: 30_000), data);
        var sink = new RecordingSink { Delay = TimeSpan.FromMilliseconds(5) };

        var ex = await Assert.ThrowsAsync<IOException>(() =>
            BlobPipeline.CopyAsync(source, sink.WriteAsync, source.TakeVerification()!, CancellationToken.None, 4000, 3));

        Assert.Equal("source broke at 30000", ex.Message);
        Assert.Equal(0, sink.Pending);
    }

    [Fact]
    public async Task A_write_that_fails_stops_the_reader_and_is_the_error_reported()
    {
        // An endless source: unless the failed write stops the reader, this test never ends.
        await using var source = new VerifyingStream(new TricklingStream(null, 4096), Digest.Sha256(ReadOnlySpan<byte>.Empty), null, "endless blob");
        var sink = new RecordingSink { FailAt = 3 };

        var ex = await Assert.ThrowsAsync<IOException>(() =>
            BlobPipeline.CopyAsync(source, sink.WriteAsync, source.TakeVerification()!, CancellationToken.None, 8192, 2));

        Assert.Equal("disk full at write 3", ex.Message);
        Assert.Equal(0, sink.Pending);
    }

    [Fact]
    public async Task Memory_stays_within_the_buffers_while_the_writer_is_stuck_and_cancelling_ends_cleanly()
    {
        const int bufferSize = 4096;
        const int buffers = 3;
        var endless = new TricklingStream(null, 1000);
        await using var source = new VerifyingStream(endless, Digest.Sha256(ReadOnlySpan<byte>.Empty), null, "endless blob");
        var sink = new RecordingSink { Block = true };
        using var cancel = new CancellationTokenSource();

        var copy = BlobPipeline.CopyAsync(source, sink.WriteAsync, source.TakeVerification()!, cancel.Token, bufferSize, buffers);
        await sink.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Give the reader every chance to run ahead; it must stop once all buffers are full.
        for (var i = 0; i < 50 && endless.Position < buffers * bufferSize; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
        Assert.Equal(buffers * bufferSize, endless.Position);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, sink.Pending);
    }

    [Fact]
    public async Task Cancelling_while_the_source_is_silent_ends_the_copy()
    {
        var silent = new TricklingStream(Data(10_000), 1000, stallAfter: 5000);
        await using var source = new VerifyingStream(silent, Digest.Sha256(Data(10_000)), 10_000, "stalled blob");
        var sink = new RecordingSink();
        using var cancel = new CancellationTokenSource();

        var copy = BlobPipeline.CopyAsync(source, sink.WriteAsync, source.TakeVerification()!, cancel.Token, 1000, 2);
        while (silent.Position < 5000)
        {
            await Task.Delay(5);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, sink.Pending);
    }

    [Fact]
    public async Task The_check_can_be_taken_only_before_the_first_read_and_through_a_wrapper()
    {
        var data = Data(10);
        await using var read = Verifying(new MemoryStream(data), data);
        Assert.Equal(1, await read.ReadAsync(new byte[1]));
        Assert.Null(read.TakeVerification());

        await using var untouched = Verifying(new MemoryStream(data), data);
        Assert.NotNull(untouched.TakeVerification());
        Assert.Null(untouched.TakeVerification());

        // Taken: reading to the end no longer checks the digest (the taker does) — a wrong body reads through.
        var wrong = (byte[])data.Clone();
        wrong[0] ^= 1;
        await using var taken = Verifying(new MemoryStream(wrong), data);
        Assert.NotNull(taken.TakeVerification());
        using var copy = new MemoryStream();
        await taken.CopyToAsync(copy);
        Assert.Equal(wrong, copy.ToArray());
    }

    /// <summary>A chunk sink that records bytes, and can delay, block or fail a write; counts writes still in flight.</summary>
    private sealed class RecordingSink
    {
        private long _bytes;
        private int _writes;
        private int _pending;

        public TimeSpan Delay { get; init; }

        public bool Block { get; init; }

        public int FailAt { get; init; } = -1;

        public TaskCompletionSource FirstWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Bytes => Interlocked.Read(ref _bytes);

        public int Pending => Volatile.Read(ref _pending);

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, long offset, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _pending);
            try
            {
                var n = Interlocked.Increment(ref _writes);
                FirstWrite.TrySetResult();
                if (Block)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, cancellationToken);
                }

                if (n == FailAt)
                {
                    throw new IOException($"disk full at write {n}");
                }

                Assert.Equal(Bytes, offset);
                Interlocked.Add(ref _bytes, chunk.Length);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>
    /// Hands out at most <c>maxChunk</c> bytes per read, asynchronously, like a socket; endless (zeros) when
    /// <c>data</c> is null; can break, or fall silent until cancelled, at a given offset.
    /// </summary>
    private sealed class TricklingStream(byte[]? data, int maxChunk, int failAfter = -1, int stallAfter = -1) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Interlocked.Read(ref _position); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (failAfter >= 0 && _position >= failAfter)
            {
                throw new IOException($"source broke at {_position}");
            }

            if (stallAfter >= 0 && _position >= stallAfter)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var n = data is null ? Math.Min(buffer.Length, maxChunk) : (int)Math.Min(Math.Min(buffer.Length, maxChunk), data.Length - _position);
            if (data is null)
            {
                buffer.Span[..n].Clear();
            }
            else
            {
                data.AsMemory((int)_position, n).CopyTo(buffer);
            }

            Interlocked.Add(ref _position, n);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
