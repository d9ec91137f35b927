using System.Globalization;
using Berth.Cli.Json;
using Berth.Transfer.Sync;

namespace Berth.Cli.Output;

/// <summary>Sync progress: one JSON line per event with <c>--output json</c>, else one plain line per finished step.</summary>
internal sealed class SyncProgress(TextWriter output, bool json) : IProgress<SyncEvent>
{
    private readonly Lock _lock = new();

    public void Report(SyncEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (json)
            {
                CliJson.WriteLine(output, Line(value), SyncJsonContext.Default.SyncEventLine);
            }
            else if (Plain(value) is { } line)
            {
                output.WriteLine(line);
            }
        }
    }

    private static SyncEventLine Line(SyncEvent e) => new()
    {
        Event = e.Kind switch
        {
            SyncEventKind.RepositoryStarted => "repository-started",
            SyncEventKind.TagUpToDate => "tag-up-to-date",
            SyncEventKind.TagStarted => "tag-started",
            SyncEventKind.TagCopied => "tag-copied",
            SyncEventKind.TagWouldCopy => "tag-would-copy",
            SyncEventKind.TagFailed => "tag-failed",
            SyncEventKind.TagKept => "tag-kept",
            _ => "repository-failed",
        },
        Source = e.Source,
        Target = e.Target,
        Reference = e.Reference,
        Digest = e.Digest,
        Tags = e.Kind == SyncEventKind.RepositoryStarted ? e.Tags : null,
        Bytes = e.Kind is SyncEventKind.TagCopied or SyncEventKind.TagWouldCopy ? e.Bytes : null,
        Seconds = e.Elapsed is { } t ? Math.Round(t.TotalSeconds, 3) : null,
        Error = e.Error,
    };

    private static string? Plain(SyncEvent e) => e.Kind switch
    {
        SyncEventKind.RepositoryStarted => $"sync     {e.Source} -> {e.Target} ({e.Tags} {(e.Tags == 1 ? "tag" : "tags")})",
        SyncEventKind.TagUpToDate => $"current  {Where(e.Target, e.Reference)}  {e.Digest}",
        SyncEventKind.TagCopied => string.Create(CultureInfo.InvariantCulture,
            $"copied   {Where(e.Target, e.Reference)}  {e.Digest}  {Bytes.Format(e.Bytes)} in {e.Elapsed?.TotalSeconds ?? 0:0.00} s"),
        SyncEventKind.TagWouldCopy => $"would copy {Where(e.Target, e.Reference)}  {e.Digest}  {Bytes.Format(e.Bytes)}",
        SyncEventKind.TagFailed => $"failed   {Where(e.Source, e.Reference)}: {e.Error}",
        SyncEventKind.RepositoryFailed => $"failed   {e.Source}: {e.Error}",
        SyncEventKind.TagKept => $"kept     {Where(e.Target, e.Reference)}  {e.Digest} (differs from the source; not overwritten)",
        _ => null,
    };

    internal static string Where(string repository, string? reference) =>
        reference is null ? repository : repository + (reference.Contains(':', StringComparison.Ordinal) ? "@" : ":") + reference;
}
