using Berth.Cli.Registry;
using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Connections.UseCases;
using Microsoft.Extensions.Logging;

namespace Berth.Cli.Store;

/// <summary>
/// What a CLI command needs to call the use cases: the store, this process's client factory, the use cases and
/// the CLI's actor (the organization <c>default</c>, audited as <c>cli</c> or <c>credential-helper</c>).
/// </summary>
internal sealed class CliCore : IAsyncDisposable
{
    /// <summary>
    /// The CLI runs on the user's own machine: password files and commands are theirs to use, and a long listing may
    /// take as long as it takes (each request still has --timeout, and the user can interrupt).
    /// </summary>
    private static readonly ConnectionPolicy Policy = new() { AllowLocalPasswordSources = true, BrowseTimeout = null };

    private CliCore(IConnectionStore store, ITokenStore? tokens, ConnectionUseCases connections, Actor actor)
    {
        Store = store;
        Tokens = tokens;
        Connections = connections;
        Actor = actor;
    }

    public IConnectionStore Store { get; }

    public ITokenStore? Tokens { get; }

    public ConnectionUseCases Connections { get; }

    public Actor Actor { get; }

    public RegistryClientFactory Clients => Connections.Clients;

    /// <param name="context">The command (data directory, database, logger).</param>
    /// <param name="dependents">Also open the API token store, for use cases that report or detach dependents (rename, remove).</param>
    /// <param name="ct">Cancellation.</param>
    public static Task<CliCore> OpenAsync(CommandContext context, bool dependents, CancellationToken ct) =>
        OpenAsync(StoreAccess.DataDirectoryOf(context), StoreAccess.DatabaseOf(context), "cli", context.Logger, dependents, ct);

    public static async Task<CliCore> OpenAsync(string dataDirectory, string? database, string actorName, ILogger? logger, bool dependents, CancellationToken ct)
    {
        var store = await StoreAccess.OpenAsync(dataDirectory, database, ct).ConfigureAwait(false);
        ITokenStore? tokens = null;
        try
        {
            var org = await StoreAccess.OrganizationAsync(store, ct).ConfigureAwait(false);
            tokens = dependents ? await TokenStoreFactory.OpenAsync(database, dataDirectory, TimeProvider.System, ct).ConfigureAwait(false) : null;
            var clients = new RegistryClientFactory(ProviderContexts.Cli, store, logger: logger);
            var useCases = new ConnectionUseCases(store, clients, TimeProvider.System, tokens is null ? [] : [new TokenDependents(tokens)], listings: null, Policy);
            return new CliCore(store, tokens, useCases, new Actor(org.Id, actorName));
        }
        catch
        {
            if (tokens is not null)
            {
                await tokens.DisposeAsync().ConfigureAwait(false);
            }

            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connections.Clients.RateLimits is { } limits)
        {
            await limits.FlushAsync().ConfigureAwait(false);
        }

        if (Tokens is not null)
        {
            await Tokens.DisposeAsync().ConfigureAwait(false);
        }

        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
