using Berth.Connections;
using Berth.Connections.UseCases;

namespace Berth.Server.Copies;

/// <summary>
/// Copies still queued or running depend on the connections they read from and write to. Detaching leaves them to
/// finish (a running copy holds its own clients); a rename does not touch them (they show the name they started with).
/// </summary>
internal sealed class CopyJobDependents(CopyJobs jobs) : IConnectionDependents
{
    public const string Kind = "copy-job";

    public async Task<IReadOnlyList<ConnectionDependent>> FindAsync(Connection connection, CancellationToken cancellationToken) =>
        (await jobs.UnfinishedAsync(connection, cancellationToken).ConfigureAwait(false))
            .Select(j => new ConnectionDependent(Kind, j.Id.ToString("D"), $"copy job {j.Id.ToString("D")[..8]} ({j.Source} -> {j.Target}, {j.Status.ToString().ToLowerInvariant()})"))
            .ToList();

    public Task DetachAsync(Connection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RenamedAsync(Connection connection, string oldName, CancellationToken cancellationToken) => Task.CompletedTask;
}
