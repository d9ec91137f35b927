using Berth.Cli.Store;
using Berth.Connections;
using Berth.Connections.UseCases;
using Berth.DockerConfig;

namespace Berth.Cli.Remote;

/// <summary>
/// Where a credential front end (the kubelet credential provider) gets its answers: the Berth server in remote mode
/// (<see cref="RemoteLogin.Find"/>), else the local store. Either way the same use case resolves and audits the read;
/// the remote side never opens a store or reads a key.
/// </summary>
internal abstract class CredentialBackend : IAsyncDisposable
{
    public static CredentialBackend Open(string dataDirectory, string? database, string actorName) =>
        RemoteLogin.Find(dataDirectory) is { } login ? new RemoteBackend(login) : new LocalBackend(dataDirectory, database, actorName);

    /// <summary>The credential for a server address (host, or host/repository); null when nothing serves it.</summary>
    public abstract Task<ResolvedCredential?> ResolveAsync(string server, string purpose, CancellationToken cancellationToken);

    /// <summary>The addresses the saved connections serve: <c>host</c> or <c>host/namespace</c> (remote: hosts only).</summary>
    public abstract Task<IReadOnlyList<string>> ServedAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class RemoteBackend(RemoteLogin login) : CredentialBackend
    {
        private readonly RemoteClient _client = new(login);

        public override Task<ResolvedCredential?> ResolveAsync(string server, string purpose, CancellationToken cancellationToken) =>
            _client.ResolveAsync(server, cancellationToken);

        public override async Task<IReadOnlyList<string>> ServedAsync(CancellationToken cancellationToken) =>
            (await _client.ServersAsync(cancellationToken).ConfigureAwait(false)).Keys.Select(DockerServerKey.Normalize).Distinct(StringComparer.Ordinal).ToList();

        public override ValueTask DisposeAsync()
        {
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class LocalBackend(string dataDirectory, string? database, string actorName) : CredentialBackend
    {
        private CliCore? _core;

        public override async Task<ResolvedCredential?> ResolveAsync(string server, string purpose, CancellationToken cancellationToken) =>
            await CoreAsync(cancellationToken).ConfigureAwait(false) is { } core
                ? await core.Connections.ResolveCredentialAsync(core.Actor, server, purpose, cancellationToken).ConfigureAwait(false)
                : null;

        public override async Task<IReadOnlyList<string>> ServedAsync(CancellationToken cancellationToken)
        {
            if (await CoreAsync(cancellationToken).ConfigureAwait(false) is not { } core)
            {
                return [];
            }

            var served = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var connection in await core.Connections.ListAsync(core.Actor, cancellationToken).ConfigureAwait(false))
            {
                if (ConnectionAddress.TryOf(connection, out var url, out _))
                {
                    served.Add(url.HasPath ? url.Host.Name + "/" + url.Path : url.Host.Name);
                }
            }

            return served.ToList();
        }

        /// <summary>Null when no store has been created here (nothing is saved, so nothing is served).</summary>
        private async Task<CliCore?> CoreAsync(CancellationToken cancellationToken)
        {
            if (_core is null && StoreAccess.Exists(dataDirectory, database))
            {
                _core = await CliCore.OpenAsync(dataDirectory, database, actorName, null, dependents: false, cancellationToken).ConfigureAwait(false);
            }

            return _core;
        }

        public override async ValueTask DisposeAsync()
        {
            if (_core is not null)
            {
                await _core.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
