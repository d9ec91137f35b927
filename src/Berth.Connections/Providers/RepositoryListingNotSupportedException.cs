using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// The registry has no way to list repositories (GHCR has no catalog) and the connection lists none. A usage error:
/// the message says how to list them on the connection.
/// </summary>
public sealed class RepositoryListingNotSupportedException(string connectionName, string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Usage;

    public string ConnectionName { get; } = connectionName;
}
