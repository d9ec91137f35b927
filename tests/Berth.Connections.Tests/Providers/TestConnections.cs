using Berth.Connections.Providers;

namespace Berth.Connections.Tests.Providers;

internal static class TestConnections
{
    public static Connection Make(string type, string url, (string, string)[]? fields = null, (string, string)[]? secrets = null, ConnectionOptions? options = null) => new()
    {
        Id = Guid.NewGuid(),
        OrganizationId = Guid.NewGuid(),
        Name = "test-" + type,
        Type = type,
        Url = url,
        Fields = (fields ?? []).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal),
        Secrets = SecretBag.From((secrets ?? []).Select(s => new KeyValuePair<string, string>(s.Item1, s.Item2))),
        Options = options ?? ConnectionOptions.Default,
    };

    public static ConnectionDraft Draft(string type, string? url, (string, string)[]? fields = null, (string, string)[]? secrets = null, ConnectionOptions? options = null) => new()
    {
        Type = type,
        Url = url,
        Fields = (fields ?? []).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal),
        Secrets = SecretBag.From((secrets ?? []).Select(s => new KeyValuePair<string, string>(s.Item1, s.Item2))),
        Options = options ?? ConnectionOptions.Default,
    };

    public static Task<ProviderCredential> DeriveAsync(Connection connection, ProviderContext? context = null) =>
        ProviderCatalog.Get(connection.Type).GetCredentialAsync(connection, context ?? ProviderContext.Default, CancellationToken.None);
}
