using Berth.Transfer;

namespace Berth.Cli.Output;

/// <summary>Plain progress lines (stdout is not a terminal and JSON was not asked for), one per finished step.</summary>
internal sealed class TransferLines(TextWriter output) : IProgress<TransferEvent>
{
    private readonly Lock _lock = new();

    public void Report(TransferEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var line = value.Kind switch
        {
            TransferEventKind.BlobDone => $"copied   {value.Digest}  {Bytes.Format(value.Size)}",
            TransferEventKind.BlobSkipped => $"exists   {value.Digest}  {Bytes.Format(value.Size)}",
            TransferEventKind.BlobMounted => $"mounted  {value.Digest}  {Bytes.Format(value.Size)}",
            TransferEventKind.BlobRetrying => $"retry    {value.Digest}  broke after {Bytes.Format(value.Bytes)} of {Bytes.Format(value.Size)}",
            TransferEventKind.ManifestWritten => $"manifest {value.Digest}" + (value.Reference is { } r && r != value.Digest ? $"  {r}" : ""),
            TransferEventKind.ImageUpToDate => $"current  {value.Digest}  {value.Reference} is up to date",
            _ => null,
        };
        if (line is not null)
        {
            lock (_lock)
            {
                output.WriteLine(line);
            }
        }
    }
}
