using System.Buffers;

namespace Berth.Transfer;

/// <summary>
/// Copies a stream while reading the next chunk during the write of the previous one. A plain
/// <see cref="Stream.CopyToAsync(Stream, int, CancellationToken)"/> leaves the socket unread while each
/// file write runs (on Linux a thread-pool hop), so the registry stalls on a full socket buffer; with
/// two buffers the network and the disk work at the same time.
/// </summary>
internal static class OverlappedCopy
{
    public static Task CopyAsync(Stream source, Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return CopyAsync(source, destination.WriteAsync, bufferSize, cancellationToken);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="write"/>, which is called in order and never twice at once.</summary>
    public static async Task CopyAsync(Stream source, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, int bufferSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        var current = ArrayPool<byte>.Shared.Rent(bufferSize);
        var next = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            var n = await source.ReadAsync(current.AsMemory(0, bufferSize), cancellationToken).ConfigureAwait(false);
            while (n > 0)
            {
                var written = write(current.AsMemory(0, n), cancellationToken);
                int following;
                try
                {
                    following = await source.ReadAsync(next.AsMemory(0, bufferSize), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // The pending write still uses a pooled buffer: let it finish before the buffers go back.
                    await DrainAsync(written).ConfigureAwait(false);
                    throw;
                }

                await written.ConfigureAwait(false);
                (current, next) = (next, current);
                n = following;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task DrainAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The read's exception is the one reported; a write failure after it adds nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
