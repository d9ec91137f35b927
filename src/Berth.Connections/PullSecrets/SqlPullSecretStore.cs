using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;

namespace Berth.Connections.PullSecrets;

/// <summary><see cref="IPullSecretStore"/> over the same ADO.NET dialects as the connection store.</summary>
internal sealed class SqlPullSecretStore(SqlDialect dialect, ISecretProtector protector, TimeProvider time) : IPullSecretStore
{
    private const string Columns =
        "id, organization_id, name, server, ca_bundle, token_envelope, namespaces, namespace_selector, secret_name, connections, patch_default_sa, created, updated, due_at";

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public async Task<IReadOnlyList<PullSecretTarget>> ListAsync(Guid? organizationId, CancellationToken cancellationToken) =>
        organizationId is { } org
            ? await QueryAsync($"SELECT {Columns} FROM pull_secret_targets WHERE organization_id = @org ORDER BY name_key", [("org", dialect.Id(org))], cancellationToken).ConfigureAwait(false)
            : await QueryAsync($"SELECT {Columns} FROM pull_secret_targets ORDER BY name_key", [], cancellationToken).ConfigureAwait(false);

    public async Task<Paging.Page<PullSecretTarget>> ListPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause("name_key", "id", page, c => dialect.Id(Guid.ParseExact(c.Id, "D")));
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM pull_secret_targets WHERE organization_id = @org{where}{order}", [("org", dialect.Id(organizationId)), .. keyset], cancellationToken, decrypt: false)
            .ConfigureAwait(false);
        return Paging.Page.FromRows(rows, page, Paging.PageLists.PullSecretTargets, t => (Key(t.Name), t.Id.ToString("D")));
    }

    public async Task<PullSecretTarget?> GetAsync(Guid organizationId, string name, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"SELECT {Columns} FROM pull_secret_targets WHERE organization_id = @org AND name_key = @key",
            [("org", dialect.Id(organizationId)), ("key", Key(name))],
            cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public async Task<PullSecretTarget> AddAsync(PullSecretTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = SqlDialect.Normalize(time.GetUtcNow());
        var saved = target with { Id = target.Id == Guid.Empty ? Guid.CreateVersion7() : target.Id, Created = now, Updated = now, Status = [] };
        var token = saved.Token ?? throw new ArgumentException("a new target needs its cluster token", nameof(target));
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var insert = Sql.Command(
                db,
                null,
                $"INSERT INTO pull_secret_targets ({Columns}, name_key) VALUES (@id, @org, @name, @server, @ca, @token, @namespaces, @selector, @secret, @connections, @patch, @created, @updated, @due, @key)",
                [.. Values(saved, token), ("created", dialect.Time(now)), ("key", Key(saved.Name))]);
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw new PullSecretTargetExistsException(saved.Name);
            }
        }

        return saved;
    }

    public async Task<PullSecretTarget> UpdateAsync(PullSecretTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = SqlDialect.Normalize(time.GetUtcNow());
        var saved = target with { Updated = now };
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var tokenSql = saved.Token is null ? "" : ", token_envelope = @token";
            using var update = Sql.Command(
                db,
                null,
                "UPDATE pull_secret_targets SET name = @name, name_key = @key, server = @server, ca_bundle = @ca, namespaces = @namespaces, namespace_selector = @selector, "
                + $"secret_name = @secret, connections = @connections, patch_default_sa = @patch, updated = @updated, due_at = @due, organization_id = @org{tokenSql} WHERE id = @id",
                [.. Values(saved, saved.Token), ("key", Key(saved.Name))]);
            try
            {
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw new PullSecretTargetExistsException(saved.Name);
            }
        }

        return (await QueryAsync($"SELECT {Columns} FROM pull_secret_targets WHERE id = @id", [("id", dialect.Id(saved.Id))], cancellationToken).ConfigureAwait(false)).Single();
    }

    public async Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using (var status = Sql.Command(db, null, "DELETE FROM pull_secret_status WHERE target_id = @id", ("id", dialect.Id(id))))
            {
                await status.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using var remove = Sql.Command(db, null, "DELETE FROM pull_secret_targets WHERE id = @id", ("id", dialect.Id(id)));
            return await remove.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task RecordAsync(Guid id, IReadOnlyList<PullSecretNamespaceStatus> status, DateTimeOffset? nextDue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var tx = await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var s in status)
            {
                // A failed attempt keeps the last successful write (and its action) and records the error beside it.
                using var upsert = Sql.Command(
                    db,
                    tx,
                    "INSERT INTO pull_secret_status (target_id, namespace, last_attempt, last_write, last_action, last_error) VALUES (@id, @ns, @attempt, @write, @action, @error) "
                    + "ON CONFLICT (target_id, namespace) DO UPDATE SET last_attempt = excluded.last_attempt, last_error = excluded.last_error, "
                    + "last_write = COALESCE(excluded.last_write, pull_secret_status.last_write), last_action = COALESCE(excluded.last_action, pull_secret_status.last_action)",
                    ("id", dialect.Id(id)),
                    ("ns", s.Namespace),
                    ("attempt", dialect.Time(s.LastAttempt)),
                    ("write", s.LastWrite is { } w ? dialect.Time(w) : null),
                    ("action", s.LastAction),
                    ("error", s.LastError));
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var due = Sql.Command(db, tx, "UPDATE pull_secret_targets SET due_at = @due WHERE id = @id", ("due", nextDue is { } d ? dialect.Time(d) : null), ("id", dialect.Id(id))))
            {
                await due.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task MarkDueAsync(IReadOnlyList<Guid> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            foreach (var id in ids)
            {
                using var due = Sql.Command(db, null, "UPDATE pull_secret_targets SET due_at = @due WHERE id = @id", ("due", dialect.Time(at)), ("id", dialect.Id(id)));
                await due.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private (string Name, object? Value)[] Values(PullSecretTarget t, string? token) =>
    [
        ("id", dialect.Id(t.Id)),
        ("org", dialect.Id(t.OrganizationId)),
        ("name", t.Name),
        ("server", t.Server.ToString()),
        ("ca", t.CaBundlePem),
        ("token", token is null ? null : protector.Protect(token, SecretContext.ForPullSecretToken(t.Id))),
        ("namespaces", JsonSerializer.Serialize(t.Namespaces.ToArray(), PullSecretJsonContext.Default.StringArray)),
        ("selector", t.NamespaceSelector),
        ("secret", t.SecretName),
        ("connections", JsonSerializer.Serialize(t.Connections.ToArray(), PullSecretJsonContext.Default.GuidArray)),
        ("patch", t.PatchDefaultServiceAccount),
        ("updated", dialect.Time(t.Updated)),
        ("due", t.DueAt is { } due ? dialect.Time(due) : null),
    ];

    private static string Key(string name) => name.Trim().ToLowerInvariant();

    private async Task<IReadOnlyList<PullSecretTarget>> QueryAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken, bool decrypt = true)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var targets = new List<PullSecretTarget>();
            using (var command = Sql.Command(db, null, sql, parameters))
            using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    targets.Add(Read(reader, decrypt));
                }
            }

            for (var i = 0; i < targets.Count; i++)
            {
                targets[i] = targets[i] with { Status = await StatusAsync(db, targets[i].Id, cancellationToken).ConfigureAwait(false) };
            }

            return targets;
        }
    }

    private PullSecretTarget Read(DbDataReader reader, bool decrypt)
    {
        var id = dialect.ReadId(reader, 0);
        string? token = null;
        string? problem = decrypt ? null : PullSecretTarget.NotReadForList;
        try
        {
            token = decrypt ? protector.Unprotect(reader.GetString(5), SecretContext.ForPullSecretToken(id)) : null;
        }
        catch (MasterKeyMismatchException e)
        {
            problem = $"encrypted under master key id {e.StoredKeyId}, not the current key {e.CurrentKeyId}";
        }
        catch (SecretEnvelopeException e)
        {
            problem = e.Reason;
        }

        return new PullSecretTarget
        {
            Id = id,
            OrganizationId = dialect.ReadId(reader, 1),
            Name = reader.GetString(2),
            Server = new Uri(reader.GetString(3)),
            CaBundlePem = reader.IsDBNull(4) ? null : reader.GetString(4),
            Token = token,
            TokenProblem = problem,
            Namespaces = JsonSerializer.Deserialize(reader.GetString(6), PullSecretJsonContext.Default.StringArray) ?? [],
            NamespaceSelector = reader.IsDBNull(7) ? null : reader.GetString(7),
            SecretName = reader.GetString(8),
            Connections = JsonSerializer.Deserialize(reader.GetString(9), PullSecretJsonContext.Default.GuidArray) ?? [],
            PatchDefaultServiceAccount = Convert.ToBoolean(reader.GetValue(10), CultureInfo.InvariantCulture),
            Created = dialect.ReadTime(reader, 11),
            Updated = dialect.ReadTime(reader, 12),
            DueAt = dialect.ReadNullableTime(reader, 13),
        };
    }

    private async Task<IReadOnlyList<PullSecretNamespaceStatus>> StatusAsync(DbConnection db, Guid id, CancellationToken cancellationToken)
    {
        using var command = Sql.Command(db, null,
            "SELECT namespace, last_attempt, last_write, last_action, last_error FROM pull_secret_status WHERE target_id = @id ORDER BY namespace", ("id", dialect.Id(id)));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<PullSecretNamespaceStatus>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PullSecretNamespaceStatus(
                reader.GetString(0),
                dialect.ReadTime(reader, 1),
                dialect.ReadNullableTime(reader, 2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }
}
