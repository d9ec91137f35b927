using Berth.Cli.Kube;
using Berth.Cli.Registry;
using Berth.Connections.Providers;
using Berth.Connections.PullSecrets;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Connections.UseCases;
using Berth.Transport;
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

    private CliCore(IConnectionStore store, ITokenStore? tokens, IPullSecretStore? pullSecrets, ConnectionUseCases connections, Actor actor)
    {
        Store = store;
        Tokens = tokens;
        PullSecrets = pullSecrets;
        Connections = connections;
        Actor = actor;
    }

    public IConnectionStore Store { get; }

    public ITokenStore? Tokens { get; }

    /// <summary>Pull-secret targets; opened with the dependents, since targets depend on the connections they carry.</summary>
    public IPullSecretStore? PullSecrets { get; }

    public ConnectionUseCases Connections { get; }

    public Actor Actor { get; }

    public RegistryClientFactory Clients => Connections.Clients;

    /// <summary>The pull-secret target use cases, writing through the CLI's own Kubernetes client; needs the dependents opened.</summary>
    public PullSecretUseCases PullSecretTargets => _pullSecretTargets ??= new PullSecretUseCases(
        PullSecrets ?? throw new InvalidOperationException("open the CLI core with its dependents to manage pull-secret targets"),
        Connections,
        new KubernetesHttpApiFactory(AddressPolicy.Default),
        TimeProvider.System);

    private PullSecretUseCases? _pullSecretTargets;

    /// <param name="context">The command (data directory, database, logger).</param>
    /// <param name="dependents">Also open the API token and pull-secret target stores, for use cases that report or detach dependents (rename, remove).</param>
    /// <param name="ct">Cancellation.</param>
    public static Task<CliCore> OpenAsync(CommandContext context, bool dependents, CancellationToken ct) =>
        OpenAsync(StoreAccess.DataDirectoryOf(context), StoreAccess.DatabaseOf(context), "cli", context.Logger, dependents, ct);

    public static async Task<CliCore> OpenAsync(string dataDirectory, string? database, string actorName, ILogger? logger, bool dependents, CancellationToken ct)
    {
        var store = await StoreAccess.OpenAsync(dataDirectory, database, ct).ConfigureAwait(false);
        ITokenStore? tokens = null;
        IPullSecretStore? pullSecrets = null;
        try
        {
            var org = await StoreAccess.OrganizationAsync(store, ct).ConfigureAwait(false);
            IConnectionDependents[] found = [];
            if (dependents)
            {
                tokens = await TokenStoreFactory.OpenAsync(database, dataDirectory, TimeProvider.System, ct).ConfigureAwait(false);
                pullSecrets = await PullSecretStoreFactory.OpenAsync(database, dataDirectory, AesGcmSecretProtector.Load(dataDirectory), TimeProvider.System, ct).ConfigureAwait(false);
                found = [new TokenDependents(tokens), new PullSecretDependents(pullSecrets)];
            }

            var clients = new RegistryClientFactory(ProviderContexts.Cli, store, logger: logger);
            var useCases = new ConnectionUseCases(store, clients, TimeProvider.System, found, listings: null, Policy);
            return new CliCore(store, tokens, pullSecrets, useCases, new Actor(org.Id, actorName));
        }
        catch
        {
            if (pullSecrets is not null)
            {
                await pullSecrets.DisposeAsync().ConfigureAwait(false);
            }

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

        if (PullSecrets is not null)
        {
            await PullSecrets.DisposeAsync().ConfigureAwait(false);
        }

        if (Tokens is not null)
        {
            await Tokens.DisposeAsync().ConfigureAwait(false);
        }

        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
