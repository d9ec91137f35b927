using Berth.Connections;
using Berth.Transfer;

namespace Berth.Server.Copies;

/// <summary>One running or finished copy; progress events update it from the copier's threads.</summary>
internal sealed class CopyJob(Guid organizationId, string source, string target, Connection sourceConnection, Connection targetConnection, DateTimeOffset created) : IProgress<TransferEvent>
{
    private readonly string _sourceRegistry = sourceConnection.Name;
    private readonly string _targetRegistry = targetConnection.Name;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _blobBytes = new(StringComparer.Ordinal);
    private CopyJobStatus _status = CopyJobStatus.Queued;
    private DateTimeOffset? _started;
    private DateTimeOffset? _finished;
    private int _copied;
    private int _skipped;
    private int _mounted;
    private int _manifests;
    private string? _digest;
    private string? _error;

    public Guid Id { get; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; } = organizationId;

    public bool Uses(Guid connectionId) => sourceConnection.Id == connectionId || targetConnection.Id == connectionId;

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

    public void Start(DateTimeOffset at)
    {
        lock (_gate)
        {
            _status = CopyJobStatus.Running;
            _started = at;
        }
    }

    public void Succeed(DateTimeOffset at, CopyResult result)
    {
        lock (_gate)
        {
            _status = CopyJobStatus.Succeeded;
            _finished = at;
            _digest = result.ManifestDigest?.Value;
        }
    }

    public void Fail(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            _status = CopyJobStatus.Failed;
            _finished = at;
            _error = error;
        }
    }

    public CopyJobView View()
    {
        lock (_gate)
        {
            return new CopyJobView(Id, source, target, _sourceRegistry, _targetRegistry, _status, created, _started, _finished,
                _copied, _skipped, _mounted, _blobBytes.Values.Sum(), _manifests, _digest, _error);
        }
    }
}
