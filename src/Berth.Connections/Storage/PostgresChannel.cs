using Npgsql;

namespace Berth.Connections.Storage;

/// <summary>
/// Follows one PostgreSQL notification channel until cancelled: subscribes on a connection of its own, hands every
/// payload on, and after a failure reconnects a second later. What was learnt from the database before a
/// subscription took effect, or while none holds, may have changed unannounced: <c>onUnsure</c> is called then.
/// </summary>
internal static class PostgresChannel
{
    public static async Task FollowAsync(
        SqlDialect dialect,
        string channel,
        Action<string> onPayload,
        Action<bool> onListening,
        Action onUnsure,
        Action<Exception>? onFailure,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var db = (NpgsqlConnection)await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (db.ConfigureAwait(false))
                {
                    db.Notification += (_, e) => onPayload(e.Payload);
                    using (var listen = new NpgsqlCommand("LISTEN " + channel, db))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    onUnsure();
                    onListening(true);
                    try
                    {
                        while (true)
                        {
                            await db.WaitAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        onListening(false);
                        onUnsure();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                onUnsure();
                onFailure?.Invoke(e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
