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

    public static string? DatabaseOf(CommandContext context) => DatabaseOf(context.Get(GlobalOptions.Database));

    /// <summary>The database setting: the option when given, else <c>BERTH_DATABASE</c> (the credential helper has no flags).</summary>
    public static string? DatabaseOf(string? option) => option ?? Environment.GetEnvironmentVariable("BERTH_DATABASE");

    /// <summary>
    /// Whether a store has been created: a PostgreSQL setting always counts; SQLite only once its
    /// file exists, so read-only commands on public images never create a data directory.
    /// </summary>
    public static bool Exists(CommandContext context) => Exists(DataDirectoryOf(context), DatabaseOf(context));

    /// <inheritdoc cref="Exists(CommandContext)"/>
    public static bool Exists(string dataDirectory, string? database) =>
        !string.IsNullOrWhiteSpace(database) || File.Exists(Path.Combine(dataDirectory, "berth.db"));

    public static Task<IConnectionStore> OpenAsync(CommandContext context, CancellationToken ct) =>
        OpenAsync(DataDirectoryOf(context), DatabaseOf(context), ct);

    public static async Task<IConnectionStore> OpenAsync(string dataDirectory, string? database, CancellationToken ct)
    {
        var protector = AesGcmSecretProtector.Load(dataDirectory);
        return await StoreFactory.OpenAsync(database, dataDirectory, protector, ct).ConfigureAwait(false);
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
        throw new Berth.Connections.UseCases.UnknownConnectionException(name, names);
    }
}
