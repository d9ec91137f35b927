namespace Berth.Connections.Storage;

public enum StoreBackend
{
    Sqlite,
    Postgres,
}
