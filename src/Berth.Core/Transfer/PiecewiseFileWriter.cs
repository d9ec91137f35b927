using Microsoft.Win32.SafeHandles;

namespace Berth.Transfer;

/// <summary>
/// Appends to a file in writes of at most <see cref="PieceSize"/> bytes, each chunk handed in going to the
/// thread pool as one work item. Why small writes: since Linux 6.x, ext4 and XFS back one large
/// <c>write</c> with one large page-cache folio, which the kernel takes from its high-order free lists. In a
/// VM whose balloon reports free memory to the host (Firecracker, free page reporting) those pages have been
/// handed back, so the copy into them faults on the host page by page: a 1 GiB pull written in 1 MiB writes
/// cost 2.2–2.5 CPU-s of kernel time against 0.25 for 32 KiB writes (bench/results/pull-floor.md). Writes of
/// 32 KiB get order-3 folios, which come from the per-CPU lists of recently freed pages; curl (16 KiB) and
/// skopeo (32 KiB) write the same way. The price elsewhere is 32 system calls per MiB instead of one.
/// </summary>
internal sealed class PiecewiseFileWriter(SafeFileHandle handle)
{
    public const int PieceSize = 32 * 1024;
    private long _offset;

    /// <summary>Bytes written so far, which is where the next chunk goes.</summary>
    public long Length => _offset;

    /// <summary>Writes <paramref name="chunk"/> at the end of what was written before; not for concurrent calls.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        var offset = _offset;
        _offset += chunk.Length;
        return new ValueTask(Task.Run(() => Write(handle, chunk.Span, offset), cancellationToken));
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> in pieces of at most <see cref="PieceSize"/> bytes.</summary>
    public static void Write(SafeFileHandle handle, ReadOnlySpan<byte> data, long offset)
    {
        ArgumentNullException.ThrowIfNull(handle);
        while (!data.IsEmpty)
        {
            var piece = data[..Math.Min(PieceSize, data.Length)];
            RandomAccess.Write(handle, piece, offset);
            offset += piece.Length;
            data = data[piece.Length..];
        }
    }
}
