using Berth.Connections.Providers;
using Berth.Connections.Storage;

namespace Berth.Cli.Registry;

/// <summary>
/// The clients a command uses, in the order its images were given (several images may share one),
/// and the store they read credentials from; disposing releases all of it (after the rate-limit budgets the clients
/// saw are recorded, by the factory's <see cref="RateLimitRecorder"/>, as in every front end).
/// </summary>
internal sealed class RegistryAccessSet(IConnectionStore? store) : IAsyncDisposable
{
    private readonly List<RegistryAccessScope> _distinct = [];
    private readonly List<RegistryAccessScope> _ordered = [];

    /// <summary>The scope serving the i-th image or host asked for.</summary>
    public RegistryAccessScope this[int index] => _ordered[index];

    internal void Add(RegistryAccessScope scope) => _distinct.Add(scope);

    internal void Map(RegistryAccessScope scope) => _ordered.Add(scope);

    /// <summary>The factory the clients came from: its rate-limit records are written before the store closes.</summary>
    internal RegistryClientFactory? Clients { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Clients?.RateLimits is { } limits)
        {
            await limits.FlushAsync().ConfigureAwait(false);
        }

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
