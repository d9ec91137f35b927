using System.Data;
using System.Data.Common;
using System.Text.Json;
using Berth.Connections.Secrets;

namespace Berth.Connections.Storage;

/// <summary>
/// <see cref="IConnectionStore"/> over plain ADO.NET for SQLite and PostgreSQL; the dialect carries the
/// differences. Each call opens a pooled connection, so one store may be shared across threads.
/// </summary>
internal sealed partial class SqlConnectionStore : IConnectionStore
{
    private const string ConnectionColumns =
        "id, organization_id, name, type, url, fields, options, created, updated, last_verified_at, last_verify_ok, last_verify_message, credential_expires_at";

    private static readonly string[] DeleteDependentsSql =
    [
        "DELETE FROM cached_credentials WHERE connection_id = @id",
        "DELETE FROM connection_secrets WHERE connection_id = @id",
    ];

    private readonly SqlDialect _dialect;
    private readonly TimeProvider _time;
    private volatile ISecretProtector _protector;
    private readonly ConnectionsVersions _versions = new();

    internal SqlConnectionStore(SqlDialect dialect, ISecretProtector protector, TimeProvider time)
    {
        _dialect = dialect;
        _protector = protector;
        _time = time;
    }

    public StoreBackend Backend => _dialect.Backend;

    public string KeyId => _protector.KeyId;

    internal async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await MigrationRunner.ApplyAsync(_dialect, _time, cancellationToken).ConfigureAwait(false);
        await CheckKeyAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    public async Task<Organization> EnsureOrganizationAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return await WithConnectionAsync(
            async connection =>
            {
                // Read first: every CLI and helper run ensures its organization, and an insert that does nothing still
                // takes the writer lock.
                if (await FindOrganizationAsync(connection, null, name, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return existing;
                }

                using (var insert = Sql.Command(
                    connection,
                    null,
                    "INSERT INTO organizations (id, name, name_key, created) VALUES (@id, @name, @key, @created) ON CONFLICT (name_key) DO NOTHING",
                    ("id", _dialect.Id(Guid.CreateVersion7())),
                    ("name", name),
                    ("key", NameKey(name)),
                    ("created", _dialect.Time(_time.GetUtcNow()))))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return await FindOrganizationAsync(connection, null, name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"organization '{name}' vanished right after it was ensured");
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<Organization?> GetOrganizationAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return await WithConnectionAsync(c => FindOrganizationAsync(c, null, name, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Organization>> ListOrganizationsAsync(CancellationToken cancellationToken) =>
        await WithConnectionAsync(
            async connection =>
            {
                using var command = Sql.Command(connection, null, "SELECT id, name, created FROM organizations ORDER BY name_key");
                return await ReadOrganizationsAsync(command, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    public async Task<Connection> AddConnectionAsync(Connection connection, CancellationToken cancellationToken)
    {
        Validate(connection);
        var now = SqlDialect.Normalize(_time.GetUtcNow());
        var stored = Normalize(connection with
        {
            Id = connection.Id == Guid.Empty ? Guid.CreateVersion7() : connection.Id,
            Created = now,
            Updated = now,
        });
        await InTransactionAsync(
            async (db, tx) =>
            {
                await RequireOrganizationAsync(db, tx, stored.OrganizationId, cancellationToken).ConfigureAwait(false);
                using (var insert = Sql.Command(
                    db,
                    tx,
                    $"INSERT INTO connections ({ConnectionColumns}, name_key) VALUES (@id, @org, @name, @type, @url, @fields, @options, @created, @updated, @verifiedAt, @verifyOk, @verifyMessage, @expiresAt, @key)",
                    ConnectionParameters(stored)))
                {
                    await ExecuteGuardingNameAsync(insert, stored, cancellationToken).ConfigureAwait(false);
                }

                await WriteSecretsAsync(db, tx, stored, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<Connection?> GetConnectionAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryConnectionsAsync($"SELECT {ConnectionColumns} FROM connections WHERE id = @id", [("id", _dialect.Id(id))], cancellationToken).ConfigureAwait(false))
        .SingleOrDefault();

    public async Task<Connection?> GetConnectionAsync(Guid organizationId, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var found = await QueryConnectionsAsync(
            $"SELECT {ConnectionColumns} FROM connections WHERE organization_id = @org AND name_key = @key",
            [("org", _dialect.Id(organizationId)), ("key", NameKey(name))],
            cancellationToken).ConfigureAwait(false);
        return found.SingleOrDefault();
    }

    public Task<IReadOnlyList<Connection>> ListConnectionsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        ListOrganizationConnectionsAsync(organizationId, withSecrets: true, cancellationToken);

    public Task<IReadOnlyList<Connection>> ListConnectionsWithoutSecretsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        ListOrganizationConnectionsAsync(organizationId, withSecrets: false, cancellationToken);

    private Task<IReadOnlyList<Connection>> ListOrganizationConnectionsAsync(Guid organizationId, bool withSecrets, CancellationToken cancellationToken) =>
        QueryConnectionsAsync(
            $"SELECT {ConnectionColumns} FROM connections WHERE organization_id = @org ORDER BY name_key",
            [("org", _dialect.Id(organizationId))],
            cancellationToken,
            withSecrets);

    public async Task<Connection> UpdateConnectionAsync(Connection connection, CancellationToken cancellationToken)
    {
        Validate(connection);
        var now = SqlDialect.Normalize(_time.GetUtcNow());
        await InTransactionAsync(
            async (db, tx) =>
            {
                using (var update = Sql.Command(
                    db,
                    tx,
                    "UPDATE connections SET name = @name, name_key = @key, type = @type, url = @url, fields = @fields, options = @options, updated = @updated WHERE id = @id",
                    ("id", _dialect.Id(connection.Id)),
                    ("name", connection.Name),
                    ("key", NameKey(connection.Name)),
                    ("type", connection.Type),
                    ("url", connection.Url),
                    ("fields", SerializeFields(connection.Fields)),
                    ("options", JsonSerializer.Serialize(connection.Options, StoreJsonContext.Default.ConnectionOptions)),
                    ("updated", _dialect.Time(now))))
                {
                    if (await ExecuteGuardingNameAsync(update, connection, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw new ConnectionNotFoundException(connection.Id);
                    }
                }

                using (var clear = Sql.Command(db, tx, "DELETE FROM connection_secrets WHERE connection_id = @id", ("id", _dialect.Id(connection.Id))))
                {
                    await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await WriteSecretsAsync(db, tx, connection, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return await GetConnectionAsync(connection.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectionNotFoundException(connection.Id);
    }

    public async Task<Connection> RenameConnectionAsync(Guid id, string newName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        var existing = await GetConnectionAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectionNotFoundException(id);
        var renamed = existing with { Name = newName };
        await WithConnectionAsync(
            async db =>
            {
                using var update = Sql.Command(
                    db,
                    null,
                    "UPDATE connections SET name = @name, name_key = @key, updated = @updated WHERE id = @id",
                    ("id", _dialect.Id(id)),
                    ("name", newName),
                    ("key", NameKey(newName)),
                    ("updated", _dialect.Time(_time.GetUtcNow())));
                if (await ExecuteGuardingNameAsync(update, renamed, cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new ConnectionNotFoundException(id);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return await GetConnectionAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ConnectionNotFoundException(id);
    }

    public async Task<bool> RemoveConnectionAsync(Guid id, CancellationToken cancellationToken) =>
        await InTransactionAsync(
            async (db, tx) =>
            {
                foreach (var sql in DeleteDependentsSql)
                {
                    using var dependents = Sql.Command(db, tx, sql, ("id", _dialect.Id(id)));
                    await dependents.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var delete = Sql.Command(db, tx, "DELETE FROM connections WHERE id = @id", ("id", _dialect.Id(id)));
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken).ConfigureAwait(false);

    public Task RecordVerifyResultAsync(Guid id, bool ok, string? message, DateTimeOffset verifiedAt, CancellationToken cancellationToken) =>
        UpdateOneAsync(
            id,
            "UPDATE connections SET last_verified_at = @at, last_verify_ok = @ok, last_verify_message = @message WHERE id = @id",
            [("at", _dialect.Time(verifiedAt)), ("ok", ok), ("message", message)],
            cancellationToken);

    public Task RecordCredentialExpiryAsync(Guid id, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        UpdateOneAsync(
            id,
            "UPDATE connections SET credential_expires_at = @expiresAt WHERE id = @id",
            [("expiresAt", expiresAt is { } at ? _dialect.Time(at) : null)],
            cancellationToken);

    private async Task UpdateOneAsync(Guid id, string sql, (string Name, object? Value)[] values, CancellationToken cancellationToken)
    {
        try
        {
            await WithConnectionAsync(
                async db =>
                {
                    using var update = Sql.Command(db, null, sql, [("id", _dialect.Id(id)), .. values]);
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw new ConnectionNotFoundException(id);
                    }

                    return true;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // This process reads its own change at once, before the database's announcement arrives.
            _versions.ForgetAll();
        }
    }

    private async Task<IReadOnlyList<Connection>> QueryConnectionsAsync(string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken, bool withSecrets = true) =>
        await WithConnectionAsync(
            async db =>
            {
                var connections = new List<Connection>();
                using (var command = Sql.Command(db, null, sql, parameters))
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        connections.Add(ReadConnection(reader));
                    }
                }

                for (var i = 0; withSecrets && i < connections.Count; i++)
                {
                    connections[i] = connections[i] with { Secrets = await ReadSecretsAsync(db, connections[i], cancellationToken).ConfigureAwait(false) };
                }

                return (IReadOnlyList<Connection>)connections;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// One row. Fields or options that no longer parse do not fail the read (one damaged row must not take the
    /// others down): the connection comes back without them and with <see cref="Connection.Damage"/> saying so.
    /// </summary>
    private Connection ReadConnection(DbDataReader reader)
    {
        var damage = new List<string>();
        var fields = ReadJson(reader.GetString(5), StoreJsonContext.Default.DictionaryStringString, "fields", damage) ?? [];
        var options = ReadJson(reader.GetString(6), StoreJsonContext.Default.ConnectionOptions, "options", damage);
        return ReadConnection(reader, fields, options, damage.Count == 0 ? null : string.Join("; ", damage));
    }

    private static T? ReadJson<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what, List<string> damage)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            damage.Add($"its stored {what} are not valid JSON");
            return null;
        }
    }

    private Connection ReadConnection(DbDataReader reader, Dictionary<string, string> fields, ConnectionOptions? options, string? damage) => new()
    {
        Id = _dialect.ReadId(reader, 0),
        OrganizationId = _dialect.ReadId(reader, 1),
        Name = reader.GetString(2),
        Type = reader.GetString(3),
        Url = reader.GetString(4),
        Fields = fields.ToDictionary(StringComparer.Ordinal).AsReadOnly(),
        Options = options ?? ConnectionOptions.Default,
        Damage = damage,
        Created = _dialect.ReadTime(reader, 7),
        Updated = _dialect.ReadTime(reader, 8),
        LastVerifiedAt = _dialect.ReadNullableTime(reader, 9),
        LastVerifyOk = reader.IsDBNull(10) ? null : reader.GetBoolean(10),
        LastVerifyMessage = reader.IsDBNull(11) ? null : reader.GetString(11),
        CredentialExpiresAt = _dialect.ReadNullableTime(reader, 12),
    };

    private (string Name, object? Value)[] ConnectionParameters(Connection c) =>
    [
        ("id", _dialect.Id(c.Id)),
        ("org", _dialect.Id(c.OrganizationId)),
        ("name", c.Name),
        ("key", NameKey(c.Name)),
        ("type", c.Type),
        ("url", c.Url),
        ("fields", SerializeFields(c.Fields)),
        ("options", JsonSerializer.Serialize(c.Options, StoreJsonContext.Default.ConnectionOptions)),
        ("created", _dialect.Time(c.Created)),
        ("updated", _dialect.Time(c.Updated)),
        ("verifiedAt", c.LastVerifiedAt is { } v ? _dialect.Time(v) : null),
        ("verifyOk", c.LastVerifyOk),
        ("verifyMessage", c.LastVerifyMessage),
        ("expiresAt", c.CredentialExpiresAt is { } e ? _dialect.Time(e) : null),
    ];

    /// <summary>Runs an insert/update that may collide on (organization, name) and turns that into a named error.</summary>
    private async Task<int> ExecuteGuardingNameAsync(DbCommand command, Connection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            var organization = await OrganizationNameAsync(connection.OrganizationId, cancellationToken).ConfigureAwait(false);
            throw new DuplicateConnectionNameException(connection.Name, organization);
        }
    }

    private async Task<string> OrganizationNameAsync(Guid id, CancellationToken cancellationToken) =>
        await WithConnectionAsync(
            async db =>
            {
                using var command = Sql.Command(db, null, "SELECT name FROM organizations WHERE id = @id", ("id", _dialect.Id(id)));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? id.ToString("D");
            },
            cancellationToken).ConfigureAwait(false);

    private async Task RequireOrganizationAsync(DbConnection db, DbTransaction tx, Guid id, CancellationToken cancellationToken)
    {
        using var command = Sql.Command(db, tx, "SELECT 1 FROM organizations WHERE id = @id", ("id", _dialect.Id(id)));
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new OrganizationNotFoundException(id);
        }
    }

    private async Task<Organization?> FindOrganizationAsync(DbConnection db, DbTransaction? tx, string name, CancellationToken cancellationToken)
    {
        using var command = Sql.Command(db, tx, "SELECT id, name, created FROM organizations WHERE name_key = @key", ("key", NameKey(name)));
        return (await ReadOrganizationsAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    private async Task<IReadOnlyList<Organization>> ReadOrganizationsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var organizations = new List<Organization>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            organizations.Add(new Organization(_dialect.ReadId(reader, 0), reader.GetString(1), _dialect.ReadTime(reader, 2)));
        }

        return organizations;
    }

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var db = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            return await work(db).ConfigureAwait(false);
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var db = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var tx = await db.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                try
                {
                    var result = await work(db, tx).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
                finally
                {
                    // Every transaction here may change connections: this process reads its own change at once.
                    _versions.ForgetAll();
                }
            }
        }
    }

    private static void Validate(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.Name, nameof(connection) + ".Name");
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.Type, nameof(connection) + ".Type");
        ArgumentException.ThrowIfNullOrWhiteSpace(connection.Url, nameof(connection) + ".Url");
    }

    private static Connection Normalize(Connection c) => c with
    {
        Created = SqlDialect.Normalize(c.Created),
        Updated = SqlDialect.Normalize(c.Updated),
        LastVerifiedAt = c.LastVerifiedAt is { } v ? SqlDialect.Normalize(v) : null,
        CredentialExpiresAt = c.CredentialExpiresAt is { } e ? SqlDialect.Normalize(e) : null,
        Fields = c.Fields.ToDictionary(StringComparer.Ordinal).AsReadOnly(),
    };

    private static string SerializeFields(IReadOnlyDictionary<string, string> fields) =>
        JsonSerializer.Serialize(fields.ToDictionary(StringComparer.Ordinal), StoreJsonContext.Default.DictionaryStringString);

    // Folded in .NET rather than SQL so both backends agree exactly on which names collide.
    private static string NameKey(string name) => name.ToLowerInvariant();
}
