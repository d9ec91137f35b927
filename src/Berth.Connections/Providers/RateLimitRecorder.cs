using System.Collections.Concurrent;
using Berth.Connections.Storage;
using Berth.Transport;

namespace Berth.Connections.Providers;

/// <summary>
/// Keeps the rate-limit budget each saved connection's registry last announced (Docker Hub's RateLimit headers), for
/// every front end: clients from <see cref="RegistryClientFactory"/> report each budget they see, and the recorder
/// writes it to the store off the request path, one write at a time per connection, the latest winning (a copy of
/// many tags costs a few writes, not one per request). Best effort: a failed write loses one observation, and no
/// command or job depends on it.
/// </summary>
public sealed class RateLimitRecorder(IRateLimitStore store, TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<Guid, Slot> _slots = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Records <paramref name="budget"/> for the connection (returns at once; the write follows).</summary>
    public void Observe(Guid connectionId, RateLimitBudget budget)
    {
        var slot = _slots.GetOrAdd(connectionId, _ => new Slot());
        lock (slot)
        {
            if (slot.Latest is { } known && known.Budget == budget)
            {
                return;
            }

            slot.Latest = new ObservedRateLimit(budget, _time.GetUtcNow());
            slot.Dirty = true;
            if (!slot.Writing)
            {
                slot.Writing = true;
                slot.Task = Task.Run(() => WriteAsync(connectionId, slot));
            }
        }
    }

    /// <summary>The connection's last budget: this process's newest observation, else what the store holds (from any process).</summary>
    public async Task<ObservedRateLimit?> GetAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(connectionId, cancellationToken).ConfigureAwait(false);
        ObservedRateLimit? seen = null;
        if (_slots.TryGetValue(connectionId, out var slot))
        {
            lock (slot)
            {
                seen = slot.Latest;
            }
        }

        return seen is not null && (stored is null || seen.ObservedAt >= stored.ObservedAt) ? seen : stored;
    }

    /// <summary>Waits for the writes under way (a command calls it before it closes the store).</summary>
    public async Task FlushAsync()
    {
        Task[] pending;
        pending = [.. _slots.Values.Select(s =>
        {
            lock (s)
            {
                return s.Task;
            }
        })];
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task WriteAsync(Guid connectionId, Slot slot)
    {
        while (true)
        {
            ObservedRateLimit latest;
            lock (slot)
            {
                if (!slot.Dirty)
                {
                    slot.Writing = false;
                    return;
                }

                latest = slot.Latest!;
                slot.Dirty = false;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await store.RecordAsync(connectionId, latest.Budget, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                // A busy or closed store loses this observation; the next one the registry sends is recorded again.
            }
        }
    }

    private sealed class Slot
    {
        public ObservedRateLimit? Latest { get; set; }

        public bool Dirty { get; set; }

        public bool Writing { get; set; }

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
