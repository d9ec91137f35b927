using Berth.Auth;
using Berth.Connections.Kubernetes;
using Berth.Kubernetes;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;
using Berth.Connections.Replication;
using Berth.Server.Copies;
using Berth.Server.Jobs;

namespace Berth.Server.Hosting;

/// <summary>The server's one client factory and one set of connection use cases, over its stores.</summary>
internal static class UseCaseServices
{
    public static IServiceCollection AddConnectionUseCases(this IServiceCollection services, BerthServerOptions options) =>
        services
            .AddSingleton(sp => new RegistryClientFactory(
                sp.GetRequiredService<ProviderContext>(),
                sp.GetRequiredService<ServerStores>().Connections,
                sp.GetRequiredService<ITokenCache>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Registry")))
            .AddSingleton(sp =>
            {
                var stores = sp.GetRequiredService<ServerStores>();
                return new ConnectionUseCases(
                    stores.Connections,
                    sp.GetRequiredService<RegistryClientFactory>(),
                    sp.GetRequiredService<TimeProvider>(),
                    [
                        new TokenDependents(stores.Tokens),
                        new CopyJobDependents(sp.GetRequiredService<CopyJobs>()),
                        new PullSecretDependents(stores.PullSecrets, sp.GetRequiredService<TimeProvider>()),
                        new ReplicationDependents(stores.Replications, sp.GetRequiredService<IReplicationScheduler>()),
                    ],
                    stores.Jobs,
                    new ConnectionPolicy
                    {
                        AllowLocalPasswordSources = false,
                        DefaultCacheInterval = options.DefaultCacheInterval,
                        BrowseTimeout = options.BrowseTimeout,
                    });
            })
            .AddSingleton<IKubernetesApiFactory>(sp => new KubernetesClientApiFactory(sp.GetRequiredService<ProviderContext>().Addresses))
            .AddSingleton(sp => new PullSecretUseCases(
                sp.GetRequiredService<ServerStores>().PullSecrets,
                sp.GetRequiredService<ConnectionUseCases>(),
                sp.GetRequiredService<IKubernetesApiFactory>(),
                sp.GetRequiredService<TimeProvider>()))
                        .AddSingleton(sp => new TokenUseCases(sp.GetRequiredService<ServerStores>().Connections, sp.GetRequiredService<ServerStores>().Tokens))
            .AddSingleton<IReplicationScheduler, QuartzReplicationScheduler>()
            .AddSingleton(sp => new ReplicationUseCases(
                sp.GetRequiredService<ServerStores>().Replications,
                sp.GetRequiredService<ConnectionUseCases>(),
                sp.GetRequiredService<IReplicationScheduler>(),
                sp.GetRequiredService<TimeProvider>()))
            .AddSingleton(sp => new ReplicationRunner(
                sp.GetRequiredService<ServerStores>().Replications,
                sp.GetRequiredService<ConnectionUseCases>(),
                sp.GetRequiredService<TimeProvider>()))
            .AddSingleton<IListingChangeObserver, ReplicationChangeObserver>();
}
