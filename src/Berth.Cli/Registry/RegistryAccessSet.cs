using Berth.Connections.Storage;

namespace Berth.Cli.Registry;

/// <summary>
/// The clients a command uses, in the order its images were given (several images may share one),
/// and the store they read credentials from; disposing releases all of it.
/// </summary>
internal sealed class RegistryAccessSet(IConnectionStore? store, Func<CancellationToken, Task<IRateLimitStore>>? rateLimits = null) : IAsyncDisposable
{
    private readonly List<RegistryAccessScope> _distinct = [];
    private readonly List<RegistryAccessScope> _ordered = [];

    /// <summary>The scope serving the i-th image or host asked for.</summary>
    public RegistryAccessScope this[int index] => _ordered[index];

    internal void Add(RegistryAccessScope scope) => _distinct.Add(scope);

    internal void Map(RegistryAccessScope scope) => _ordered.Add(scope);

    /// <summary>
    /// Keeps the quota each saved connection's registry announced (Docker Hub's RateLimit headers) for
    /// <c>registries show</c>. Best effort: the command's own outcome never depends on it.
    /// </summary>
    private async Task RecordRateLimitsAsync()
    {
        var seen = _distinct.Where(s => s.Connection is not null && s.Client.RateLimit is not null).ToList();
        if (rateLimits is null || seen.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var limits = await rateLimits(timeout.Token).ConfigureAwait(false);
            foreach (var scope in seen)
            {
                await limits.RecordAsync(scope.Connection!.Id, scope.Client.RateLimit!.Value, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // A busy or read-only store loses one observation; the next command records it again.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RecordRateLimitsAsync().ConfigureAwait(false);
        foreach (var scope in _distinct)
        {
            scope.Dispose();
        }

        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
