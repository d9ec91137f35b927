using System.Collections.Concurrent;
using Berth.Transfer;
using Spectre.Console;

namespace Berth.Cli.Output;

/// <summary>Spectre progress bars on a terminal: one per blob in flight and one for all bytes.</summary>
internal sealed class TransferProgressBars(ProgressContext context) : IProgress<TransferEvent>
{
    private readonly ConcurrentDictionary<string, ProgressTask> _blobs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private ProgressTask? _total;

    public void Report(TransferEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            _total ??= context.AddTask("total", maxValue: 1);
            switch (value.Kind)
            {
                case TransferEventKind.BlobStarted:
                    _total.MaxValue = Math.Max(1, _total.MaxValue + value.Size - (_total.MaxValue == 1 && _total.Value == 0 ? 1 : 0));
                    _blobs[value.Digest] = context.AddTask(Short(value.Digest), maxValue: Math.Max(1, value.Size));
                    break;
                case TransferEventKind.BlobProgress when _blobs.TryGetValue(value.Digest, out var task):
                    _total.Increment(value.Bytes - task.Value);
                    task.Value = value.Bytes;
                    break;
                case TransferEventKind.BlobDone when _blobs.TryGetValue(value.Digest, out var done):
                    _total.Increment(value.Size - done.Value);
                    done.Value = done.MaxValue;
                    done.Description = Short(value.Digest) + " done";
                    done.StopTask();
                    break;
                case TransferEventKind.BlobSkipped or TransferEventKind.BlobMounted:
                    var finished = context.AddTask(Short(value.Digest) + (value.Kind == TransferEventKind.BlobSkipped ? " exists" : " mounted"), maxValue: 1);
                    finished.Value = 1;
                    finished.StopTask();
                    break;
                case TransferEventKind.ManifestWritten:
                    _total.Value = _total.MaxValue;
                    break;
            }
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            if (_total is { } total)
            {
                total.Value = total.MaxValue;
                total.StopTask();
            }
        }
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
