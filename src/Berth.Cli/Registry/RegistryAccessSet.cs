using Berth.Connections.Storage;

namespace Berth.Cli.Registry;

/// <summary>
/// The clients a command uses, in the order its images were given (several images may share one),
/// and the store they read credentials from; disposing releases all of it.
/// </summary>
internal sealed class RegistryAccessSet(IConnectionStore? store) : IAsyncDisposable
{
    private readonly List<RegistryAccessScope> _distinct = [];
    private readonly List<RegistryAccessScope> _ordered = [];

    /// <summary>The scope serving the i-th image or host asked for.</summary>
    public RegistryAccessScope this[int index] => _ordered[index];

    internal void Add(RegistryAccessScope scope) => _distinct.Add(scope);

    internal void Map(RegistryAccessScope scope) => _ordered.Add(scope);

    public async ValueTask DisposeAsync()
    {
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
