namespace Berth.Connections.Providers;

/// <summary>
/// What a user has entered for a connection before it is saved: the input to
/// <see cref="IRegistryProvider.Validate"/>. <see cref="Url"/> may be empty when the type has a default URL.
/// </summary>
public sealed record ConnectionDraft
{
    private static readonly IReadOnlyDictionary<string, string> NoFields =
        new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    public required string Type { get; init; }

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string> Fields { get; init; } = NoFields;

    public SecretBag Secrets { get; init; } = SecretBag.Empty;

    public ConnectionOptions Options { get; init; } = ConnectionOptions.Default;

    public static ConnectionDraft From(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionDraft
        {
            Type = connection.Type,
            Url = connection.Url,
            Fields = connection.Fields,
            Secrets = connection.Secrets,
            Options = connection.Options,
        };
    }

    /// <summary>The non-secret field's value, or null when absent or blank.</summary>
    public string? Field(string name) =>
        Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
