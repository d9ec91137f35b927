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

                // A cached credential is a copy Berth can obtain again: one that does not decrypt is a miss, and the
                // next save replaces it.
                return TryUnprotect(reader.GetString(0), SecretContext.ForCachedCredential(connectionId, kind), out var secret, out _)
                    ? new CachedCredential(connectionId, kind, secret, expiresAt)
                    : null;
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
                rewritten += await ReencryptAsync(db, tx, "connection_secrets", "name", SecretContext.ForConnectionSecret, old, next, cached: false, cancellationToken).ConfigureAwait(false);
                rewritten += await ReencryptAsync(db, tx, "cached_credentials", "kind", SecretContext.ForCachedCredential, old, next, cached: true, cancellationToken).ConfigureAwait(false);
                rewritten += await ReencryptPullSecretTokensAsync(db, tx, old, next, cancellationToken).ConfigureAwait(false);
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
        bool cached,
        CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, string Name, string Envelope, string Connection)>();
        using (var select = Sql.Command(db, tx,
            $"SELECT t.connection_id, t.{nameColumn}, t.envelope, c.name FROM {table} t JOIN connections c ON c.id = t.connection_id"))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((_dialect.ReadId(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var rewritten = 0;
        foreach (var (id, name, envelope, connection) in rows)
        {
            string plaintext;
            try
            {
                plaintext = old.Unprotect(envelope, context(id, name));
            }
            catch (Exception e) when (e is SecretEnvelopeException or MasterKeyMismatchException)
            {
                if (cached)
                {
                    // A cached credential is obtained again when needed; one that does not decrypt is dropped.
                    using var drop = Sql.Command(db, tx, $"DELETE FROM {table} WHERE connection_id = @id AND {nameColumn} = @name", ("id", _dialect.Id(id)), ("name", name));
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var reason = e is MasterKeyMismatchException m
                    ? $"it was encrypted under master key id {m.StoredKeyId}, not the current key {m.CurrentKeyId}"
                    : ((SecretEnvelopeException)e).Reason;
                throw new KeyRotationException(
                    $"connection '{connection}': stored secret '{name}' is unreadable ({reason}), so it cannot be re-encrypted under a new key; nothing was changed. "
                    + $"Re-enter it (PUT /api/v1/registries/{connection}) or remove the connection ('berth registries remove {connection}'), then rotate again.");
            }

            using var update = Sql.Command(
                db,
                tx,
                $"UPDATE {table} SET envelope = @envelope WHERE connection_id = @id AND {nameColumn} = @name",
                ("envelope", next.Protect(plaintext, context(id, name))),
                ("id", _dialect.Id(id)),
                ("name", name));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            rewritten++;
        }

        return rewritten;
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

    /// <summary>
    /// The connection's secrets. One that does not decrypt (altered, copied from another row, written under another
    /// key) is kept as unreadable, so the connection is still listed and only using it fails.
    /// </summary>
    private async Task<SecretBag> ReadSecretsAsync(DbConnection db, Connection connection, CancellationToken cancellationToken)
    {
        var bag = SecretBag.Empty;
        using var command = Sql.Command(db, null, "SELECT name, envelope FROM connection_secrets WHERE connection_id = @id", ("id", _dialect.Id(connection.Id)));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            bag = TryUnprotect(reader.GetString(1), SecretContext.ForConnectionSecret(connection.Id, name), out var value, out var reason)
                ? bag.With(name, value)
                : bag.WithUnreadable(name, connection.Name, reason);
        }

        return bag;
    }

    /// <summary>Decrypts one stored envelope; false with the reason (never a value) when it cannot be.</summary>
    private bool TryUnprotect(string envelope, string context, out string value, out string reason)
    {
        try
        {
            value = _protector.Unprotect(envelope, context);
            reason = "";
            return true;
        }
        catch (SecretEnvelopeException e)
        {
            reason = e.Reason;
        }
        catch (MasterKeyMismatchException e)
        {
            reason = $"it was encrypted under master key id {e.StoredKeyId}, not the current key {e.CurrentKeyId}";
        }

        value = "";
        return false;
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
                catch (SecretEnvelopeException e)
                {
                    // The key has the id the database names, yet the check row does not decrypt: the row was altered.
                    throw new MasterKeyException(
                        $"the database's key check (master key id {storedKeyId}) does not decrypt under the key from {_protector.KeySource}, which has that id: {e.Reason}. "
                        + "The database was altered; Berth stops rather than trust its secrets. Restore the database from a backup.");
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
