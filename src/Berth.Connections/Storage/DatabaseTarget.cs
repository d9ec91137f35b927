namespace Berth.Connections.Storage;

/// <summary>
/// Which database --database / BERTH_DATABASE names, for components that open their own connections to it (the
/// server's job engine). <see cref="ToString"/> never shows the connection string: it may hold a password.
/// </summary>
public sealed class DatabaseTarget
{
    private DatabaseTarget(StoreBackend backend, string connectionString)
    {
        Backend = backend;
        ConnectionString = connectionString;
    }

    public StoreBackend Backend { get; }

    public string ConnectionString { get; }

    /// <exception cref="DatabaseSettingException">The setting cannot be read.</exception>
    public static DatabaseTarget Resolve(string? databaseSetting, string dataDirectory)
    {
        var setting = DatabaseSetting.Parse(databaseSetting, dataDirectory);
        return new DatabaseTarget(setting.Backend, setting.ConnectionString);
    }

    public override string ToString() => Backend.ToString();
}
