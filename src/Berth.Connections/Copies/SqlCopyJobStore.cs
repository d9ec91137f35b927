using System.Data.Common;
using Berth.Connections.Paging;
using Berth.Connections.Storage;

namespace Berth.Connections.Copies;

/// <summary><see cref="ICopyJobStore"/> over plain ADO.NET.</summary>
internal sealed class SqlCopyJobStore(SqlDialect dialect) : ICopyJobStore
{
    private const string Columns = "id, organization_id, source, target, source_connection_id, target_connection_id, source_registry, target_registry, platform, all_tags, "
        + "status, cancel_requested, created, started, finished, blobs_copied, blobs_skipped, blobs_mounted, bytes, manifests, attempts, replica, digest, error";

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public Task CreateAsync(CopyJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ExecuteAsync(
            "INSERT INTO copy_jobs (id, organization_id, source, target, source_connection_id, target_connection_id, source_registry, target_registry, platform, all_tags, status, created) "
            + "VALUES (@id, @org, @source, @target, @sourceId, @targetId, @sourceRegistry, @targetRegistry, @platform, @allTags, @status, @created)",
            cancellationToken,
            ("id", dialect.Id(job.Id)), ("org", dialect.Id(job.OrganizationId)), ("source", job.Source), ("target", job.Target),
            ("sourceId", dialect.Id(job.SourceConnectionId)), ("targetId", dialect.Id(job.TargetConnectionId)),
            ("sourceRegistry", job.SourceRegistry), ("targetRegistry", job.TargetRegistry), ("platform", job.Platform), ("allTags", job.AllTags ? 1 : 0),
            ("status", job.Status), ("created", dialect.Time(job.Created)));
    }

    public async Task<CopyJobRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM copy_jobs WHERE id = @a", cancellationToken, ("a", dialect.Id(id))).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<Page<CopyJobRecord>> ListPageAsync(Guid organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause(
            "created", "id", page, c => dialect.Id(Guid.ParseExact(c.Id, "D")), c => dialect.Time(c.TryGetTime(out var t) ? t : throw new FormatException("a copy cursor's key is a time")), descending: true);
        var rows = await QueryAsync($"SELECT {Columns} FROM copy_jobs WHERE organization_id = @a{where}{order}", cancellationToken, [("a", dialect.Id(organizationId)), .. keyset]).ConfigureAwait(false);
        return Page.FromRows(rows, page, PageLists.Copies, j => (PageCursor.TimeKey(j.Created), j.Id.ToString("D")));
    }

    public Task<IReadOnlyList<CopyJobRecord>> ListUnfinishedUsingAsync(Guid connectionId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM copy_jobs WHERE (source_connection_id = @a OR target_connection_id = @a) AND status IN ('queued', 'running') ORDER BY created",
            cancellationToken, ("a", dialect.Id(connectionId)));

    public Task StartAsync(Guid id, string replica, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE copy_jobs SET status = 'running', replica = @replica, started = COALESCE(started, @at), attempts = attempts + 1 WHERE id = @id",
            cancellationToken, ("replica", replica), ("at", dialect.Time(at)), ("id", dialect.Id(id)));

    public Task SaveProgressAsync(Guid id, CopyProgress progress, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE copy_jobs SET blobs_copied = @copied, blobs_skipped = @skipped, blobs_mounted = @mounted, bytes = @bytes, manifests = @manifests WHERE id = @id",
            cancellationToken, ("copied", progress.BlobsCopied), ("skipped", progress.BlobsSkipped), ("mounted", progress.BlobsMounted), ("bytes", progress.Bytes),
            ("manifests", progress.Manifests), ("id", dialect.Id(id)));

    public Task FinishAsync(Guid id, string status, DateTimeOffset at, CopyProgress progress, string? digest, string? failure, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE copy_jobs SET status = @status, finished = @at, blobs_copied = @copied, blobs_skipped = @skipped, blobs_mounted = @mounted, bytes = @bytes, "
            + "manifests = @manifests, digest = @digest, error = @error WHERE id = @id",
            cancellationToken, ("status", status), ("at", dialect.Time(at)), ("copied", progress.BlobsCopied), ("skipped", progress.BlobsSkipped),
            ("mounted", progress.BlobsMounted), ("bytes", progress.Bytes), ("manifests", progress.Manifests), ("digest", digest), ("error", failure), ("id", dialect.Id(id)));

    public async Task<bool> RequestCancelAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await ExecuteAsync("UPDATE copy_jobs SET status = 'cancelled', cancel_requested = 1, finished = @at, error = 'cancelled before it started' WHERE id = @id AND status = 'queued'",
                cancellationToken, ("at", dialect.Time(at)), ("id", dialect.Id(id))).ConfigureAwait(false) > 0)
        {
            return true;
        }

        return await ExecuteAsync("UPDATE copy_jobs SET cancel_requested = 1 WHERE id = @id AND status = 'running'", cancellationToken, ("id", dialect.Id(id))).ConfigureAwait(false) > 0;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var command = Sql.Command(db, null, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<CopyJobRecord>> QueryAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var select = Sql.Command(db, null, sql, parameters);
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var jobs = new List<CopyJobRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                jobs.Add(Read(reader));
            }

            return jobs;
        }
    }

    private CopyJobRecord Read(DbDataReader r) => new()
    {
        Id = dialect.ReadId(r, 0),
        OrganizationId = dialect.ReadId(r, 1),
        Source = r.GetString(2),
        Target = r.GetString(3),
        SourceConnectionId = dialect.ReadId(r, 4),
        TargetConnectionId = dialect.ReadId(r, 5),
        SourceRegistry = r.GetString(6),
        TargetRegistry = r.GetString(7),
        Platform = r.IsDBNull(8) ? null : r.GetString(8),
        AllTags = r.GetInt32(9) != 0,
        Status = r.GetString(10),
        CancelRequested = r.GetInt32(11) != 0,
        Created = dialect.ReadTime(r, 12),
        Started = dialect.ReadNullableTime(r, 13),
        Finished = dialect.ReadNullableTime(r, 14),
        BlobsCopied = r.GetInt32(15),
        BlobsSkipped = r.GetInt32(16),
        BlobsMounted = r.GetInt32(17),
        Bytes = r.GetInt64(18),
        Manifests = r.GetInt32(19),
        Attempts = r.GetInt32(20),
        Replica = r.IsDBNull(21) ? null : r.GetString(21),
        Digest = r.IsDBNull(22) ? null : r.GetString(22),
        Error = r.IsDBNull(23) ? null : r.GetString(23),
    };
}
