using System.Collections.Concurrent;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>Collects progress events synchronously (Progress&lt;T&gt; would post them later).</summary>
internal sealed class RecordingProgress : IProgress<TransferEvent>
{
    private readonly ConcurrentQueue<TransferEvent> _events = new();

    public IReadOnlyList<TransferEvent> Events => [.. _events];

    public void Report(TransferEvent value) => _events.Enqueue(value);
}
