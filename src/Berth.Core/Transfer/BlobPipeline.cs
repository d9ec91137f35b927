using System.Buffers;
using System.Threading.Channels;
using Berth.Content;
using Microsoft.Win32.SafeHandles;

namespace Berth.Transfer;

/// <summary>
/// Writes a blob body into a file with the network read, the hash and the file write each on a path of its own.
/// Hashing inside the read (a verifying stream) leaves the socket unread while each chunk is hashed — SHA-256 is
/// about half the CPU of a pull — so the registry stalls on a full socket buffer; here the reader fills pooled
/// buffers while the consumer hashes the previous chunk, in order, and writes it at its offset at the same time.
/// A fixed set of buffers bounds memory: when the consumer falls behind, the reader waits for a free one.
/// The file is only the blob once a copy returns; it throws when the digest or size is wrong.
/// </summary>
internal static class BlobPipeline
{
    /// <summary>
    /// Large chunks: every chunk costs a few hand-offs between threads, and on a loaded machine each hand-off waits
    /// for a scheduler slot. With 1 MiB chunks a 1 GiB pull took 2–3 times as long as with 4 MiB under load.
    /// </summary>
    public const int DefaultBufferSize = 4 * 1024 * 1024;

    /// <summary>Enough chunks in flight for the reader to stay ahead of one slow hash or write.</summary>
    public const int DefaultBufferCount = 3;

    /// <summary>
    /// Reads <paramref name="source"/> to its end into <paramref name="file"/> from offset 0, appending every byte to
    /// <paramref name="verifier"/> in order, then completes it. When either side fails, the other stops, every
    /// pending write has ended before this returns (no buffer is still in use), and the first real failure is thrown.
    /// </summary>
    /// <returns>The bytes written.</returns>
    public static Task<long> CopyAsync(Stream source, SafeFileHandle file, ContentVerifier verifier, CancellationToken cancellationToken,
        int bufferSize = DefaultBufferSize, int bufferCount = DefaultBufferCount)
    {
        ArgumentNullException.ThrowIfNull(file);
        return CopyAsync(source, (chunk, offset, ct) => RandomAccess.WriteAsync(file, chunk, offset, ct), verifier, cancellationToken, bufferSize, bufferCount);
    }

    /// <summary>
    /// As above, with each chunk handed to <paramref name="write"/> (at its offset, one at a time, in order); the
    /// chunk's memory is only valid until the returned task ends.
    /// </summary>
    public static async Task<long> CopyAsync(Stream source, Func<ReadOnlyMemory<byte>, long, CancellationToken, ValueTask> write,
        ContentVerifier verifier, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize, int bufferCount = DefaultBufferCount)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCount, 1);

        // A small blob needs no more than its own size (and one byte to see the end).
        if (verifier.ExpectedSize is { } expected && expected < bufferSize)
        {
            bufferSize = (int)expected + 1;
        }

        var free = Channel.CreateUnbounded<byte[]>();
        var filled = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var rented = new List<byte[]>(bufferCount);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (var i = 0; i < bufferCount; i++)
            {
                rented.Add(ArrayPool<byte>.Shared.Rent(bufferSize));
                free.Writer.TryWrite(rented[i]);
            }

            var consume = Task.Run(() => ConsumeAsync(filled.Reader, free.Writer, write, verifier, stop), CancellationToken.None);
            var produce = ProduceAsync(source, free.Reader, filled.Writer, bufferSize, stop);
            try
            {
                await Task.WhenAll(produce, consume).ConfigureAwait(false);
            }
            catch
            {
                // A side that stops because the other failed reports a cancellation; the failure itself is the news.
                var failure = FirstFailure(produce, consume);
                if (failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                throw;
            }

            verifier.Complete();
            return produce.Result;
        }
        finally
        {
            foreach (var buffer in rented)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static Exception? FirstFailure(params Task[] tasks) =>
        tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException)
        ?? tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null);

    private static async Task<long> ProduceAsync(Stream source, ChannelReader<byte[]> free, ChannelWriter<Chunk> filled, int bufferSize,
        CancellationTokenSource stop)
    {
        long offset = 0;
        try
        {
            while (true)
            {
                var buffer = await free.ReadAsync(stop.Token).ConfigureAwait(false);
                // Fill the buffer whole: one hand-off per buffer, not per socket read. Less comes back only at the end.
                var n = await source.ReadAtLeastAsync(buffer.AsMemory(0, bufferSize), bufferSize, throwOnEndOfStream: false, stop.Token)
                    .ConfigureAwait(false);
                if (n > 0)
                {
                    filled.TryWrite(new Chunk(buffer, n, offset));
                    offset += n;
                }

                if (n < bufferSize)
                {
                    filled.TryComplete();
                    return offset;
                }
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            filled.TryComplete();
            throw;
        }
    }

    private static async Task ConsumeAsync(ChannelReader<Chunk> filled, ChannelWriter<byte[]> free,
        Func<ReadOnlyMemory<byte>, long, CancellationToken, ValueTask> write, ContentVerifier verifier, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var chunk in filled.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var bytes = chunk.Buffer.AsMemory(0, chunk.Length);
                // The write (a file's is a pwrite on the thread pool) and the hash read the same buffer at the same time.
                var written = write(bytes, chunk.Offset, stop.Token);
                try
                {
                    verifier.Append(bytes.Span);
                }
                catch
                {
                    await DrainAsync(written).ConfigureAwait(false);
                    throw;
                }

                await written.ConfigureAwait(false);
                free.TryWrite(chunk.Buffer);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DrainAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The hash's failure is the one reported; the write's adds nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, long Offset);
}
