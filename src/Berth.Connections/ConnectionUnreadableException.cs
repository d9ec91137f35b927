using Berth.Errors;

namespace Berth.Connections;

/// <summary>
/// Part of a saved connection cannot be read back from the store: a secret that does not decrypt (altered in the
/// database, copied from another row, or written under another master key), or fields that no longer parse. The
/// connection is still listed; using it fails with this, and the other connections keep working. The fix is to
/// re-enter the connection's credentials. A local failure: nothing a registry or the caller did.
/// </summary>
public sealed class ConnectionUnreadableException : BerthException
{
    /// <param name="connectionName">The connection.</param>
    /// <param name="part">What could not be read, e.g. <c>stored secret 'password'</c>.</param>
    /// <param name="reason">Why, never a value.</param>
    public ConnectionUnreadableException(string connectionName, string part, string reason)
        : base($"connection '{connectionName}': {part} is unreadable ({reason}); re-enter it: PUT /api/v1/registries/{connectionName} with the credentials, "
            + $"or 'berth registries remove {connectionName}' and 'berth connect' again")
    {
        ConnectionName = connectionName;
        Part = part;
        Reason = reason;
        Origin = ErrorOrigin.Local;
    }

    public override ErrorCategory Category => ErrorCategory.Failed;

    public string ConnectionName { get; }

    public string Part { get; }

    public string Reason { get; }
}
