using System.Text.Json;
using Berth.Connections.Capabilities;

namespace Berth.Connections.Storage;

/// <summary>The capability probe's findings, one row per connection (see <see cref="ICapabilityStore"/>).</summary>
internal sealed partial class SqlConnectionStore : ICapabilityStore
{
    public async Task SaveCapabilitiesAsync(Guid connectionId, RegistryCapabilities capabilities, DateTimeOffset probedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var json = JsonSerializer.Serialize(capabilities, CapabilityJsonContext.Default.RegistryCapabilities);
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
                    "INSERT INTO connection_capabilities (connection_id, capabilities, probed_at) VALUES (@id, @json, @at) "
                    + "ON CONFLICT (connection_id) DO UPDATE SET capabilities = excluded.capabilities, probed_at = excluded.probed_at",
                    ("id", _dialect.Id(connectionId)),
                    ("json", json),
                    ("at", _dialect.Time(probedAt)));
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegistryCapabilities?> GetCapabilitiesAsync(Guid connectionId, CancellationToken cancellationToken) =>
        await WithConnectionAsync(
            async db =>
            {
                using var command = Sql.Command(db, null, "SELECT capabilities FROM connection_capabilities WHERE connection_id = @id", ("id", _dialect.Id(connectionId)));
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string json)
                {
                    return null;
                }

                try
                {
                    return JsonSerializer.Deserialize(json, CapabilityJsonContext.Default.RegistryCapabilities);
                }
                catch (JsonException)
                {
                    // A damaged row only loses what the next verify finds again.
                    return null;
                }
            },
            cancellationToken).ConfigureAwait(false);
}
