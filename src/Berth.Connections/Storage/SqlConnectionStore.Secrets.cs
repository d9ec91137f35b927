using System.Data.Common;
using Berth.Connections.Secrets;

namespace Berth.Connections.Storage;

/// <summary>Secret columns: connection secrets, cached credentials, the key check row and key rotation.</summary>
internal sealed partial class SqlConnectionStore
{
    private const string KeyCheckPlaintext = "berth key check";

    public async Task SaveCachedCredentialAsync(Guid connectionId, string kind, string secret, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(secret);
        var envelope = _protector.Protect(secret, SecretContext.ForCachedCredential(connectionId, kind));
        await InTransactionAsync(
            async (db, tx) =>
            {
                using (var exists = Sql.Command(db, tx, "SELECT 1 FROM connections WHERE id = @id", ("id", _dialect.Id(connectionId))))
                {
                    if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                    {
                        throw new ConnectionNotFoundException(connectionId);
                    }
                }

                using var upsert = Sql.Command(
                    db,
                    tx,
                    "INSERT INTO cached_credentials (connection_id, kind, envelope, expires_at, updated) VALUES (@id, @kind, @envelope, @expiresAt, @updated) "
                    + "ON CONFLICT (connection_id, kind) DO UPDATE SET envelope = excluded.envelope, expires_at = excluded.expires_at, updated = excluded.updated",
                    ("id", _dialect.Id(connectionId)),
                    ("kind", kind),
                    ("envelope", envelope),
                    ("expiresAt", _dialect.Time(expiresAt)),
                    ("updated", _dialect.Time(_time.GetUtcNow())));
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<CachedCredential?> GetCachedCredentialAsync(Guid connectionId, string kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return await WithConnectionAsync(
            async db =>
            {
                using var command = Sql.Command(
                    db,
                    null,
                    "SELECT envelope, expires_at FROM cached_credentials WHERE connection_id = @id AND kind = @kind",
                    ("id", _dialect.Id(connectionId)),
                    ("kind", kind));
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var expiresAt = _dialect.ReadTime(reader, 1);
                if (expiresAt <= _time.GetUtcNow())
                {
                    return null;
                }

                var secret = _protector.Unprotect(reader.GetString(0), SecretContext.ForCachedCredential(connectionId, kind));
                return new CachedCredential(connectionId, kind, secret, expiresAt);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyRotationResult> RotateKeyAsync(string? newKeyFile, CancellationToken cancellationToken)
    {
        var old = _protector;
        using var rotation = old.BeginRotation(newKeyFile);
        var next = rotation.NewProtector;
        var count = await InTransactionAsync(
            async (db, tx) =>
            {
                // Taking the key check row for update first serialises concurrent rotations and proves the
                // current key is the one the database uses before anything is rewritten.
                var lockSql = _dialect.Backend == StoreBackend.Postgres
                    ? "SELECT key_id, envelope FROM key_check WHERE id = 1 FOR UPDATE"
                    : "SELECT key_id, envelope FROM key_check WHERE id = 1";
                using (var check = Sql.Command(db, tx, lockSql))
                using (var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        old.Unprotect(reader.GetString(1), SecretContext.KeyCheck);
                    }
                }

                var rewritten = 0;
                rewritten += await ReencryptAsync(db, tx, "connection_secrets", "name", SecretContext.ForConnectionSecret, old, next, cancellationToken).ConfigureAwait(false);
                rewritten += await ReencryptAsync(db, tx, "cached_credentials", "kind", SecretContext.ForCachedCredential, old, next, cancellationToken).ConfigureAwait(false);
                using (var update = Sql.Command(
                    db,
                    tx,
                    "UPDATE key_check SET key_id = @keyId, envelope = @envelope WHERE id = 1",
                    ("keyId", next.KeyId),
                    ("envelope", next.Protect(KeyCheckPlaintext, SecretContext.KeyCheck))))
                {
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return rewritten;
            },
            cancellationToken).ConfigureAwait(false);

        try
        {
            rotation.Complete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyRotationException(
                $"the secrets were re-encrypted under key id {next.KeyId}, but installing that key failed ({e.Message}); it is kept in {rotation.NewKeyLocation}{MasterKeyFile.PendingSuffix} and the next start finishes the rotation. Do not delete that file.");
        }

        _protector = next;
        return new KeyRotationResult(old.KeyId, next.KeyId, count, rotation.NewKeyLocation);
    }

    private async Task<int> ReencryptAsync(
        DbConnection db,
        DbTransaction tx,
        string table,
        string nameColumn,
        Func<Guid, string, string> context,
        ISecretProtector old,
        ISecretProtector next,
        CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, string Name, string Envelope)>();
        using (var select = Sql.Command(db, tx, $"SELECT connection_id, {nameColumn}, envelope FROM {table}"))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((_dialect.ReadId(reader, 0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (id, name, envelope) in rows)
        {
            var plaintext = old.Unprotect(envelope, context(id, name));
            using var update = Sql.Command(
                db,
                tx,
                $"UPDATE {table} SET envelope = @envelope WHERE connection_id = @id AND {nameColumn} = @name",
                ("envelope", next.Protect(plaintext, context(id, name))),
                ("id", _dialect.Id(id)),
                ("name", name));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return rows.Count;
    }

    private async Task WriteSecretsAsync(DbConnection db, DbTransaction tx, Connection connection, CancellationToken cancellationToken)
    {
        foreach (var name in connection.Secrets.Names)
        {
            var envelope = _protector.Protect(connection.Secrets.Reveal(name), SecretContext.ForConnectionSecret(connection.Id, name));
            using var insert = Sql.Command(
                db,
                tx,
                "INSERT INTO connection_secrets (connection_id, name, envelope) VALUES (@id, @name, @envelope)",
                ("id", _dialect.Id(connection.Id)),
                ("name", name),
                ("envelope", envelope));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SecretBag> ReadSecretsAsync(DbConnection db, Guid connectionId, CancellationToken cancellationToken)
    {
        var bag = SecretBag.Empty;
        using var command = Sql.Command(db, null, "SELECT name, envelope FROM connection_secrets WHERE connection_id = @id", ("id", _dialect.Id(connectionId)));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            bag = bag.With(name, _protector.Unprotect(reader.GetString(1), SecretContext.ForConnectionSecret(connectionId, name)));
        }

        return bag;
    }

    /// <summary>
    /// Proves at open time that the loaded master key is the one the database was written with (so a wrong key
    /// fails at once, by name, rather than at the first secret), and finishes an interrupted rotation.
    /// </summary>
    private async Task CheckKeyAsync(CancellationToken cancellationToken)
    {
        await WithConnectionAsync(
            async db =>
            {
                using (var insert = Sql.Command(
                    db,
                    null,
                    "INSERT INTO key_check (id, key_id, envelope) VALUES (1, @keyId, @envelope) ON CONFLICT (id) DO NOTHING",
                    ("keyId", _protector.KeyId),
                    ("envelope", _protector.Protect(KeyCheckPlaintext, SecretContext.KeyCheck))))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                using var select = Sql.Command(db, null, "SELECT key_id, envelope FROM key_check WHERE id = 1");
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var storedKeyId = reader.GetString(0);
                var envelope = reader.GetString(1);
                try
                {
                    _protector.Unprotect(envelope, SecretContext.KeyCheck);
                }
                catch (MasterKeyMismatchException) when (_protector is AesGcmSecretProtector file && file.TryResumeRotation(storedKeyId) is { } resumed)
                {
                    resumed.Unprotect(envelope, SecretContext.KeyCheck);
                    _protector = resumed;
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
