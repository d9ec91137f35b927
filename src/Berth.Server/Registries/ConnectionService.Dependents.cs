using Berth.Connections;
using Berth.Connections.Tokens;
using Berth.Server.Auth;
using Berth.Server.Copies;
using Berth.Server.Hosting;

namespace Berth.Server.Registries;

/// <summary>What depends on a connection: shown on its detail page and before it is removed.</summary>
internal sealed partial class ConnectionService
{
    private readonly CopyJobs? _copies;

    /// <summary>The constructor the server's container uses: with the copy jobs, so they count as dependents.</summary>
    public ConnectionService(ServerStores stores, IRegistryTypes types, BerthServerOptions options, TimeProvider time, ILogger<ConnectionService> logger, CopyJobs copies)
        : this(stores, types, options, time, logger) => _copies = copies;

    /// <summary>
    /// Live API tokens whose connection list names <paramref name="connection"/>, then the caller's organization's
    /// copy jobs that read from it or write to it (newest first).
    /// </summary>
    public async Task<IReadOnlyList<ConnectionDependent>> DependentsAsync(Caller caller, Connection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(connection);
        var dependents = new List<ConnectionDependent>();
        if (connection.OrganizationId != caller.OrganizationId)
        {
            return dependents;
        }

        var tokens = await stores.Tokens.ListAsync(caller.OrganizationId, ct).ConfigureAwait(false);
        foreach (var token in tokens.Where(t => !t.IsRevoked && t.Connections.Any(c => string.Equals(c, connection.Name, StringComparison.OrdinalIgnoreCase))))
        {
            var description = $"{token.Role.ToName()} token {token.Id.ToString("N")[^8..]}" + (token.Description is { Length: > 0 } d ? $" ({d})" : "");
            dependents.Add(new ConnectionDependent("api-token", token.Id.ToString("D"), description));
        }

        foreach (var job in _copies?.List(caller) ?? [])
        {
            var from = string.Equals(job.SourceRegistry, connection.Name, StringComparison.OrdinalIgnoreCase);
            var to = string.Equals(job.TargetRegistry, connection.Name, StringComparison.OrdinalIgnoreCase);
            if (from || to)
            {
                var role = from && to ? "within" : from ? "from" : "to";
                dependents.Add(new ConnectionDependent("copy-job", job.Id.ToString("D"), $"copy {role} it: {job.Source} -> {job.Target} ({job.Status.ToString().ToLowerInvariant()})"));
            }
        }

        return dependents;
    }
}
