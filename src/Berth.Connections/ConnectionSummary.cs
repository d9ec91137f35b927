namespace Berth.Connections;

/// <summary>
/// A connection as lists show it: everything but its secrets, which are named (set or not) but neither read nor
/// decrypted, so listing costs the same however many secrets the connections hold. Whether a secret still decrypts
/// is known only where one connection is read whole.
/// </summary>
/// <param name="Connection">The connection with an empty <see cref="Connection.Secrets"/>.</param>
/// <param name="SecretNames">The secrets stored for it, by name.</param>
public sealed record ConnectionSummary(Connection Connection, IReadOnlyList<string> SecretNames)
{
    /// <summary>The list's sort key and id: name (ignoring case), then id.</summary>
    public (string Key, string Id) PageKey => (Connection.Name.ToLowerInvariant(), Connection.Id.ToString("D"));

    /// <summary>The summary of a connection read whole (its secrets reduced to their names).</summary>
    public static ConnectionSummary Of(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionSummary(connection with { Secrets = SecretBag.Empty }, connection.Secrets.Names.ToList());
    }
}
