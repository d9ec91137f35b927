using Berth.Connections;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;

namespace Berth.Cli.Store;

/// <summary>Opens the connection store the CLI and server share (data dir, <c>--database</c>, <c>BERTH_DATABASE</c>).</summary>
internal static class StoreAccess
{
    /// <summary>The CLI acts within one organization; the server's first run creates it too.</summary>
    public const string Organization = "default";

    public static string DataDirectoryOf(CommandContext context) => DataDirectory.Resolve(context.Get(GlobalOptions.DataDir));

    public static string? DatabaseOf(CommandContext context) =>
        context.Get(GlobalOptions.Database) ?? Environment.GetEnvironmentVariable("BERTH_DATABASE");

    /// <summary>
    /// Whether a store has been created: a PostgreSQL setting always counts; SQLite only once its
    /// file exists, so read-only commands on public images never create a data directory.
    /// </summary>
    public static bool Exists(CommandContext context)
    {
        var database = DatabaseOf(context);
        if (!string.IsNullOrWhiteSpace(database))
        {
            return true;
        }

        return File.Exists(Path.Combine(DataDirectoryOf(context), "berth.db"));
    }

    public static async Task<IConnectionStore> OpenAsync(CommandContext context, CancellationToken ct)
    {
        var dataDirectory = DataDirectoryOf(context);
        var protector = AesGcmSecretProtector.Load(dataDirectory);
        return await StoreFactory.OpenAsync(DatabaseOf(context), dataDirectory, protector, ct).ConfigureAwait(false);
    }

    public static async Task<Organization> OrganizationAsync(IConnectionStore store, CancellationToken ct) =>
        await store.EnsureOrganizationAsync(Organization, ct).ConfigureAwait(false);

    /// <summary>A connection by name, or a usage error that lists what exists.</summary>
    public static async Task<Connection> GetConnectionAsync(IConnectionStore store, string name, CancellationToken ct)
    {
        var org = await OrganizationAsync(store, ct).ConfigureAwait(false);
        var connection = await store.GetConnectionAsync(org.Id, name, ct).ConfigureAwait(false);
        if (connection is not null)
        {
            return connection;
        }

        var names = (await store.ListConnectionsAsync(org.Id, ct).ConfigureAwait(false)).Select(c => c.Name).ToList();
        throw new UsageException(names.Count == 0
            ? $"no connection named '{name}': none are saved yet (add one with 'berth connect <type>')"
            : $"no connection named '{name}'; saved connections: {string.Join(", ", names)}");
    }
}
