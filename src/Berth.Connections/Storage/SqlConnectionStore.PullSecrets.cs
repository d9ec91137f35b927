using System.Data.Common;
using Berth.Connections.Secrets;

namespace Berth.Connections.Storage;

internal sealed partial class SqlConnectionStore
{
    /// <summary>
    /// Key rotation covers the cluster tokens of pull-secret targets (migration 0005) in the same transaction as the
    /// connection secrets: a token that does not decrypt stops the rotation with the fix, like a connection secret.
    /// </summary>
    private async Task<int> ReencryptPullSecretTokensAsync(DbConnection db, DbTransaction tx, ISecretProtector old, ISecretProtector next, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, string Name, string Envelope)>();
        using (var select = Sql.Command(db, tx, "SELECT id, name, token_envelope FROM pull_secret_targets"))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((_dialect.ReadId(reader, 0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (id, name, envelope) in rows)
        {
            string token;
            try
            {
                token = old.Unprotect(envelope, SecretContext.ForPullSecretToken(id));
            }
            catch (Exception e) when (e is SecretEnvelopeException or MasterKeyMismatchException)
            {
                throw new KeyRotationException(
                    $"pull-secret target '{name}': its cluster token is unreadable, so it cannot be re-encrypted under a new key; nothing was changed. "
                    + $"Set it again (PUT /api/v1/pull-secret-targets/{name}) or remove the target, then rotate again.");
            }

            using var update = Sql.Command(db, tx, "UPDATE pull_secret_targets SET token_envelope = @envelope WHERE id = @id",
                ("envelope", next.Protect(token, SecretContext.ForPullSecretToken(id))), ("id", _dialect.Id(id)));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return rows.Count;
    }
}
