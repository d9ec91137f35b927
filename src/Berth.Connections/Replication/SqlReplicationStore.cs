using System.Data.Common;
using System.Text.Json;
using Berth.Connections.Paging;
using Berth.Connections.Storage;

namespace Berth.Connections.Replication;

/// <summary><see cref="IReplicationStore"/> over plain ADO.NET; the policy's details are one JSON column.</summary>
internal sealed class SqlReplicationStore(SqlDialect dialect) : IReplicationStore
{
    private const string PolicyColumns = "id, organization_id, name, source_connection_id, destination_connection_id, definition, created, created_by";
    private const string RunColumns = "id, policy_id, organization_id, trigger, slot, status, cancel_requested, created, started, finished, copied, unchanged, failed, attempts, replica, error";

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public async Task CreatePolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var insert = Sql.Command(db, null,
                $"INSERT INTO replication_policies ({PolicyColumns}, name_key) VALUES (@id, @org, @name, @source, @destination, @definition, @created, @by, @key)",
                ("id", dialect.Id(policy.Id)),
                ("org", dialect.Id(policy.OrganizationId)),
                ("name", policy.Name),
                ("source", dialect.Id(policy.SourceConnectionId)),
                ("destination", dialect.Id(policy.DestinationConnectionId)),
                ("definition", JsonSerializer.Serialize(policy.Definition, ReplicationJsonContext.Default.ReplicationDefinition)),
                ("created", dialect.Time(policy.Created)),
                ("by", policy.CreatedBy),
                ("key", policy.Name.ToUpperInvariant()));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw new DuplicateReplicationNameException(policy.Name);
            }
        }
    }

    public Task<IReadOnlyList<ReplicationPolicy>> ListPoliciesAsync(Guid organizationId, CancellationToken cancellationToken) =>
        PoliciesAsync($"SELECT {PolicyColumns} FROM replication_policies WHERE organization_id = @a ORDER BY name_key", dialect.Id(organizationId), cancellationToken);

    public async Task<Page<ReplicationPolicy>> ListPoliciesPageAsync(Guid organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause("name_key", "id", page, c => dialect.Id(Guid.ParseExact(c.Id, "D")));
        var rows = await PoliciesAsync($"SELECT {PolicyColumns} FROM replication_policies WHERE organization_id = @a{where}{order}", [("a", dialect.Id(organizationId)), .. keyset], cancellationToken)
            .ConfigureAwait(false);
        return Page.FromRows(rows, page, PageLists.Replications, p => (p.Name.ToUpperInvariant(), p.Id.ToString("D")));
    }

    public async Task<ReplicationPolicy?> GetPolicyAsync(Guid organizationId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var select = Sql.Command(db, null, $"SELECT {PolicyColumns} FROM replication_policies WHERE organization_id = @org AND name_key = @key",
                ("org", dialect.Id(organizationId)), ("key", name.Trim().ToUpperInvariant()));
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadPolicy(reader) : null;
        }
    }

    public async Task<ReplicationPolicy?> GetPolicyAsync(Guid id, CancellationToken cancellationToken) =>
        First(await PoliciesAsync($"SELECT {PolicyColumns} FROM replication_policies WHERE id = @a", dialect.Id(id), cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<ReplicationPolicy>> ListPoliciesUsingAsync(Guid connectionId, CancellationToken cancellationToken) =>
        PoliciesAsync($"SELECT {PolicyColumns} FROM replication_policies WHERE source_connection_id = @a OR destination_connection_id = @a ORDER BY name_key",
            dialect.Id(connectionId), cancellationToken);

    public async Task<bool> DeletePolicyAsync(Guid id, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Explicit child deletes: SQLite connections do not all enforce ON DELETE CASCADE.
                foreach (var sql in new[]
                {
                    "DELETE FROM replication_images WHERE run_id IN (SELECT id FROM replication_runs WHERE policy_id = @id)",
                    "DELETE FROM replication_runs WHERE policy_id = @id",
                })
                {
                    using var child = Sql.Command(db, transaction, sql, ("id", dialect.Id(id)));
                    await child.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var delete = Sql.Command(db, transaction, "DELETE FROM replication_policies WHERE id = @id", ("id", dialect.Id(id)));
                var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return deleted;
            }
        }
    }

    public async Task<bool> CreateRunAsync(ReplicationRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var insert = Sql.Command(db, null,
                "INSERT INTO replication_runs (id, policy_id, organization_id, trigger, slot, status, created) VALUES (@id, @policy, @org, @trigger, @slot, @status, @created)",
                ("id", dialect.Id(run.Id)),
                ("policy", dialect.Id(run.PolicyId)),
                ("org", dialect.Id(run.OrganizationId)),
                ("trigger", run.Trigger),
                ("slot", run.Slot),
                ("status", run.Status),
                ("created", dialect.Time(run.Created)));
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                return false;
            }
        }
    }

    public async Task<ReplicationRun?> GetRunAsync(Guid id, CancellationToken cancellationToken) =>
        First(await RunsAsync($"SELECT {RunColumns} FROM replication_runs WHERE id = @a", dialect.Id(id), null, cancellationToken).ConfigureAwait(false));

    public async Task<ReplicationRun?> GetRunBySlotAsync(Guid policyId, long slot, CancellationToken cancellationToken) =>
        First(await RunsAsync($"SELECT {RunColumns} FROM replication_runs WHERE policy_id = @a AND slot = @b", dialect.Id(policyId), slot, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<ReplicationRun>> ListRunsAsync(Guid policyId, int limit, CancellationToken cancellationToken) =>
        RunsAsync($"SELECT {RunColumns} FROM replication_runs WHERE policy_id = @a ORDER BY created DESC, id DESC LIMIT @b", dialect.Id(policyId), Math.Clamp(limit, 1, 1000), cancellationToken);

    public async Task<Page<ReplicationRun>> ListRunsPageAsync(Guid policyId, PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause(
            "created", "id", page, c => dialect.Id(Guid.ParseExact(c.Id, "D")), c => dialect.Time(c.TryGetTime(out var t) ? t : throw new FormatException("a run cursor's key is a time")), descending: true);
        var rows = await RunsAsync($"SELECT {RunColumns} FROM replication_runs WHERE policy_id = @a{where}{order}", [("a", dialect.Id(policyId)), .. keyset], cancellationToken).ConfigureAwait(false);
        return Page.FromRows(rows, page, PageLists.ReplicationRuns, r => (PageCursor.TimeKey(r.Created), r.Id.ToString("D")));
    }

    public Task StartRunAsync(Guid id, string replica, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE replication_runs SET status = @status, replica = @replica, started = COALESCE(started, @at), attempts = attempts + 1 WHERE id = @id",
            cancellationToken, ("status", ReplicationRunStatus.Running), ("replica", replica), ("at", dialect.Time(at)), ("id", dialect.Id(id)));

    public Task UpdateRunCountsAsync(Guid id, int copied, int unchanged, int failed, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE replication_runs SET copied = @copied, unchanged = @unchanged, failed = @failed WHERE id = @id",
            cancellationToken, ("copied", copied), ("unchanged", unchanged), ("failed", failed), ("id", dialect.Id(id)));

    public async Task FinishRunAsync(Guid id, string status, DateTimeOffset at, IReadOnlyList<ReplicationImage> images, string? failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using (var clear = Sql.Command(db, transaction, "DELETE FROM replication_images WHERE run_id = @id", ("id", dialect.Id(id))))
                {
                    await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                for (var i = 0; i < images.Count; i++)
                {
                    var image = images[i];
                    using var insert = Sql.Command(db, transaction,
                        "INSERT INTO replication_images (run_id, seq, source, target, reference, status, digest, bytes, reason) VALUES (@id, @seq, @source, @target, @reference, @status, @digest, @bytes, @reason)",
                        ("id", dialect.Id(id)), ("seq", i), ("source", image.Source), ("target", image.Target), ("reference", image.Tag),
                        ("status", image.Status), ("digest", image.Digest), ("bytes", image.Bytes), ("reason", image.Reason));
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using (var update = Sql.Command(db, transaction,
                    "UPDATE replication_runs SET status = @status, finished = @at, error = @error, copied = @copied, unchanged = @unchanged, failed = @failed WHERE id = @id",
                    ("status", status), ("at", dialect.Time(at)), ("error", failure),
                    ("copied", images.Count(i => i.Status is ReplicationImageStatus.Copied or ReplicationImageStatus.WouldCopy)),
                    ("unchanged", images.Count(i => i.Status is ReplicationImageStatus.Unchanged or ReplicationImageStatus.Kept)),
                    ("failed", images.Count(i => i.Status == ReplicationImageStatus.Failed)),
                    ("id", dialect.Id(id))))
                {
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<bool> RequestCancelAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var queued = Sql.Command(db, null,
                "UPDATE replication_runs SET status = @cancelled, cancel_requested = 1, finished = @at WHERE id = @id AND status = @queued",
                ("cancelled", ReplicationRunStatus.Cancelled), ("at", dialect.Time(at)), ("id", dialect.Id(id)), ("queued", ReplicationRunStatus.Queued));
            if (await queued.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                return true;
            }

            using var running = Sql.Command(db, null, "UPDATE replication_runs SET cancel_requested = 1 WHERE id = @id AND status = @running",
                ("id", dialect.Id(id)), ("running", ReplicationRunStatus.Running));
            return await running.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    private static T? First<T>(IReadOnlyList<T> items)
        where T : class => items.Count > 0 ? items[0] : null;

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var command = Sql.Command(db, null, sql, parameters);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<IReadOnlyList<ReplicationPolicy>> PoliciesAsync(string sql, object argument, CancellationToken cancellationToken) =>
        PoliciesAsync(sql, [("a", argument)], cancellationToken);

    private async Task<IReadOnlyList<ReplicationPolicy>> PoliciesAsync(string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var select = Sql.Command(db, null, sql, parameters);
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var policies = new List<ReplicationPolicy>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                policies.Add(ReadPolicy(reader));
            }

            return policies;
        }
    }

    private ReplicationPolicy ReadPolicy(DbDataReader reader) => new(
        dialect.ReadId(reader, 0),
        dialect.ReadId(reader, 1),
        reader.GetString(2),
        dialect.ReadId(reader, 3),
        dialect.ReadId(reader, 4),
        JsonSerializer.Deserialize(reader.GetString(5), ReplicationJsonContext.Default.ReplicationDefinition) ?? new ReplicationDefinition(),
        dialect.ReadTime(reader, 6),
        reader.GetString(7));

    private Task<IReadOnlyList<ReplicationRun>> RunsAsync(string sql, object first, object? second, CancellationToken cancellationToken) =>
        RunsAsync(sql, [("a", first), ("b", second)], cancellationToken);

    private async Task<IReadOnlyList<ReplicationRun>> RunsAsync(string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var runs = new List<ReplicationRun>();
            using (var select = Sql.Command(db, null, sql, parameters))
            using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    runs.Add(new ReplicationRun
                    {
                        Id = dialect.ReadId(reader, 0),
                        PolicyId = dialect.ReadId(reader, 1),
                        OrganizationId = dialect.ReadId(reader, 2),
                        Trigger = reader.GetString(3),
                        Slot = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                        Status = reader.GetString(5),
                        CancelRequested = reader.GetInt32(6) != 0,
                        Created = dialect.ReadTime(reader, 7),
                        Started = dialect.ReadNullableTime(reader, 8),
                        Finished = dialect.ReadNullableTime(reader, 9),
                        Copied = reader.GetInt32(10),
                        Unchanged = reader.GetInt32(11),
                        Failed = reader.GetInt32(12),
                        Attempts = reader.GetInt32(13),
                        Replica = reader.IsDBNull(14) ? null : reader.GetString(14),
                        Error = reader.IsDBNull(15) ? null : reader.GetString(15),
                    });
                }
            }

            for (var i = 0; i < runs.Count; i++)
            {
                runs[i] = runs[i] with { Images = await ImagesAsync(db, runs[i].Id, cancellationToken).ConfigureAwait(false) };
            }

            return runs;
        }
    }

    private async Task<IReadOnlyList<ReplicationImage>> ImagesAsync(DbConnection db, Guid runId, CancellationToken cancellationToken)
    {
        using var select = Sql.Command(db, null, "SELECT source, target, reference, status, digest, bytes, reason FROM replication_images WHERE run_id = @id ORDER BY seq", ("id", dialect.Id(runId)));
        using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var images = new List<ReplicationImage>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            images.Add(new ReplicationImage(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return images;
    }
}
