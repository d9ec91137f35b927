using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>A connection could not give its credential (its provider, token service or password source failed).</summary>
public sealed class ConnectionCredentialException(string connectionName, Exception inner)
    : BerthException($"connection '{connectionName}': {Describe(inner)}", inner)
{
    public string ConnectionName { get; } = connectionName;

    public override ErrorCategory Category => InnerException is BerthException b ? b.Category : ErrorCategory.Unreachable;

    private static string Describe(Exception inner) =>
        inner is Providers.ConnectionValidationException invalid
            ? string.Join("; ", invalid.Errors.Select(e => $"{e.Field}: {e.Message}"))
            : inner.Message;
}
