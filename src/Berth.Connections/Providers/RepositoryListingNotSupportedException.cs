namespace Berth.Connections.Providers;

/// <summary>The registry has no way to list repositories (GHCR has no catalog) and the connection lists none.</summary>
public sealed class RepositoryListingNotSupportedException(string connectionName, string message) : Exception(message)
{
    public string ConnectionName { get; } = connectionName;
}
