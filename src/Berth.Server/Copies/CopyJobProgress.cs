using Berth.Connections.Copies;
using Berth.Transfer;

namespace Berth.Server.Copies;

/// <summary>Counts a running copy's progress events (from the copier's threads) for the store.</summary>
internal sealed class CopyJobProgress : IProgress<TransferEvent>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _blobBytes = new(StringComparer.Ordinal);
    private int _copied;
    private int _skipped;
    private int _mounted;
    private int _manifests;

    public void Report(TransferEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            switch (value.Kind)
            {
                case TransferEventKind.BlobProgress:
                    _blobBytes[value.Digest] = value.Bytes;
                    break;
                case TransferEventKind.BlobDone:
                    _blobBytes[value.Digest] = value.Size;
                    _copied++;
                    break;
                case TransferEventKind.BlobSkipped:
                    _skipped++;
                    break;
                case TransferEventKind.BlobMounted:
                    _mounted++;
                    break;
                case TransferEventKind.ManifestWritten:
                    _manifests++;
                    break;
            }
        }
    }

    public CopyProgress Snapshot()
    {
        lock (_gate)
        {
            return new CopyProgress(_copied, _skipped, _mounted, _blobBytes.Values.Sum(), _manifests);
        }
    }
}
