using System.Collections.Concurrent;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    // One creation per repository and client, shared by the layers pushed in parallel; a failed one is forgotten
    // so the next push asks again.
    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensured = new(StringComparer.Ordinal);

    /// <summary>Before a write: has the <see cref="RegistryClientOptions.RepositoryCreator"/> create the repository once.</summary>
    private async Task EnsureRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        if (_options.RepositoryCreator is not { } creator)
        {
            return;
        }

        var name = ApiName(repository);
        var ensure = _ensured.GetOrAdd(name, n => new Lazy<Task>(() => creator.EnsureAsync(n, cancellationToken)));
        try
        {
            await ensure.Value.ConfigureAwait(false);
        }
        catch
        {
            _ensured.TryRemove(KeyValuePair.Create(name, ensure));
            throw;
        }
    }
}
