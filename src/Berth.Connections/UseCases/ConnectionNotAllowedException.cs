using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>A ci token asked for what a connection it does not name serves.</summary>
public sealed class ConnectionNotAllowedException(string connection, string server, IReadOnlyList<string> allowed)
    : BerthException($"connection '{connection}' serves {server}, but this ci token may not use it; it may use only: "
        + (allowed.Count == 0 ? "(none)" : string.Join(", ", allowed))
        + $" (an admin can issue a ci token that names it: 'berth tokens create --org ORG --role ci --connections {connection}')")
{
    public string Connection { get; } = connection;

    public override ErrorCategory Category => ErrorCategory.Denied;
}
