using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>
/// A connection could not give its credential (its provider, token service or password source failed); category,
/// origin and retry-after are the underlying failure's, so the party at fault is named.
/// </summary>
public sealed class ConnectionCredentialException : BerthException
{
    public ConnectionCredentialException(string connectionName, Exception inner)
        : base($"connection '{connectionName}': {Describe(inner)}", inner)
    {
        ConnectionName = connectionName;
        Origin = inner is BerthException b ? b.Origin : ErrorOrigin.ProviderApi;
        RetryAfter = (inner as BerthException)?.RetryAfter;
    }

    public string ConnectionName { get; }

    public override ErrorCategory Category => InnerException is BerthException b ? b.Category : ErrorCategory.Unreachable;

    private static string Describe(Exception inner) =>
        inner is Providers.ConnectionValidationException invalid
            ? string.Join("; ", invalid.Errors.Select(e => $"{e.Field}: {e.Message}"))
            : inner.Message;
}
