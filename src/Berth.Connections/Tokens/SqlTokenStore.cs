using System.Data.Common;
using System.Text.Json;
using Berth.Connections.Storage;

namespace Berth.Connections.Tokens;

/// <summary><see cref="ITokenStore"/> over the same ADO.NET dialects as the connection store.</summary>
internal sealed class SqlTokenStore(SqlDialect dialect, TimeProvider time) : ITokenStore
{
    /// <summary>PostgreSQL channel on which a changed token's id is announced (see <see cref="CachingTokenStore"/>).</summary>
    public const string ChangeChannel = "berth_api_tokens";

    private const string Columns = "id, organization_id, role, connections, description, created, last_used, revoked, bootstrap";

    // Writing last_used on every request would turn each API read into a write; a minute's precision is plenty.
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public Task<IssuedApiToken> CreateAsync(Guid organizationId, ApiTokenRole role, IReadOnlyList<string> connections, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var names = connections.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (role == ApiTokenRole.Ci && names.Length == 0)
        {
            throw new ArgumentException("a ci token must name the connections it may use (--connections a,b)", nameof(connections));
        }

        if (role != ApiTokenRole.Ci && names.Length > 0)
        {
            throw new ArgumentException($"only ci tokens are limited to named connections; a {role.ToName()} token may use every connection of its organization", nameof(connections));
        }

        return InsertAsync(organizationId, role, names, description, bootstrap: false, cancellationToken)!;
    }

    public async Task<IssuedApiToken?> CreateBootstrapAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var exists = Sql.Command(db, null, "SELECT COUNT(*) FROM api_tokens WHERE bootstrap = @yes", ("yes", true));
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return null;
            }
        }

        try
        {
            return await InsertAsync(organizationId, ApiTokenRole.Admin, [], "bootstrap admin token", bootstrap: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            // Another replica created it between our check and insert.
            return null;
        }
    }

    public async Task<ApiToken?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (!ApiTokenSecret.LooksValid(token))
        {
            return null;
        }

        var found = (await QueryAsync(
            $"SELECT {Columns} FROM api_tokens WHERE hash = @hash AND revoked IS NULL",
            [("hash", ApiTokenSecret.Hash(token))],
            cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        if (found is null)
        {
            return null;
        }

        var now = SqlDialect.Normalize(time.GetUtcNow());
        if (found.LastUsed is null || found.LastUsed < now - LastUsedPrecision)
        {
            var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                using var touch = Sql.Command(db, null, "UPDATE api_tokens SET last_used = @now WHERE id = @id", ("now", dialect.Time(now)), ("id", dialect.Id(found.Id)));
                await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            found = found with { LastUsed = now };
        }

        return found;
    }

    public async Task<ApiToken?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM api_tokens WHERE id = @id", [("id", dialect.Id(id))], cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public Task<IReadOnlyList<ApiToken>> ListAsync(Guid? organizationId, CancellationToken cancellationToken) =>
        organizationId is { } org
            ? QueryAsync($"SELECT {Columns} FROM api_tokens WHERE organization_id = @org ORDER BY created, id", [("org", dialect.Id(org))], cancellationToken)
            : QueryAsync($"SELECT {Columns} FROM api_tokens ORDER BY created, id", [], cancellationToken);

    public async Task<Paging.Page<ApiToken>> ListPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause(null, "id", page, c => dialect.Id(Guid.ParseExact(c.Id, "D")));
        var rows = await QueryAsync($"SELECT {Columns} FROM api_tokens WHERE organization_id = @org{where}{order}", [("org", dialect.Id(organizationId)), .. keyset], cancellationToken).ConfigureAwait(false);
        return Paging.Page.FromRows(rows, page, Paging.PageLists.Tokens, t => ("", t.Id.ToString("D")));
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var revoke = Sql.Command(
                db,
                null,
                "UPDATE api_tokens SET revoked = @now WHERE id = @id AND revoked IS NULL",
                ("now", dialect.Time(time.GetUtcNow())),
                ("id", dialect.Id(id)));
            var revoked = await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            await AnnounceAsync(db, id, cancellationToken).ConfigureAwait(false);
            return revoked;
        }
    }

    /// <summary>On PostgreSQL, tells every listening replica that this token changed, so it stops trusting its copy.</summary>
    private async Task AnnounceAsync(DbConnection db, Guid id, CancellationToken cancellationToken)
    {
        if (dialect.Backend == StoreBackend.Postgres)
        {
            using var notify = Sql.Command(db, null, $"SELECT pg_notify('{ChangeChannel}', @id)", ("id", id.ToString("D")));
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> SetConnectionsAsync(Guid id, IReadOnlyList<string> connections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var names = connections.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0)
        {
            throw new ArgumentException("a ci token must name at least one connection; revoke it instead", nameof(connections));
        }

        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var update = Sql.Command(
                db,
                null,
                "UPDATE api_tokens SET connections = @connections WHERE id = @id AND role = @ci AND revoked IS NULL",
                ("connections", JsonSerializer.Serialize(names, TokenJsonContext.Default.StringArray)),
                ("ci", ApiTokenRole.Ci.ToName()),
                ("id", dialect.Id(id)));
            var changed = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            await AnnounceAsync(db, id, cancellationToken).ConfigureAwait(false);
            return changed;
        }
    }

    private async Task<IssuedApiToken> InsertAsync(Guid organizationId, ApiTokenRole role, string[] connections, string? description, bool bootstrap, CancellationToken cancellationToken)
    {
        var secret = ApiTokenSecret.Generate();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Role = role,
            Connections = connections,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            Created = SqlDialect.Normalize(time.GetUtcNow()),
            Bootstrap = bootstrap,
        };
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var insert = Sql.Command(
                db,
                null,
                $"INSERT INTO api_tokens ({Columns}, hash) VALUES (@id, @org, @role, @connections, @description, @created, NULL, NULL, @bootstrap, @hash)",
                ("id", dialect.Id(token.Id)),
                ("org", dialect.Id(organizationId)),
                ("role", role.ToName()),
                ("connections", JsonSerializer.Serialize(connections, TokenJsonContext.Default.StringArray)),
                ("description", token.Description),
                ("created", dialect.Time(token.Created)),
                ("bootstrap", bootstrap),
                ("hash", ApiTokenSecret.Hash(secret)));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new IssuedApiToken(token, secret);
    }

    private async Task<IReadOnlyList<ApiToken>> QueryAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var command = Sql.Command(db, null, sql, parameters);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var tokens = new List<ApiToken>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tokens.Add(new ApiToken
                {
                    Id = dialect.ReadId(reader, 0),
                    OrganizationId = dialect.ReadId(reader, 1),
                    Role = ApiTokenRoles.TryParse(reader.GetString(2), out var role) ? role.Value : throw new InvalidDataException($"api_tokens row has unknown role '{reader.GetString(2)}'"),
                    Connections = JsonSerializer.Deserialize(reader.GetString(3), TokenJsonContext.Default.StringArray) ?? [],
                    Description = reader.IsDBNull(4) ? null : reader.GetString(4),
                    Created = dialect.ReadTime(reader, 5),
                    LastUsed = dialect.ReadNullableTime(reader, 6),
                    Revoked = dialect.ReadNullableTime(reader, 7),
                    Bootstrap = reader.GetBoolean(8),
                });
            }

            return tokens;
        }
    }
}
