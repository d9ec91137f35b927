using Berth.Errors;

namespace Berth.Connections.Secrets;

/// <summary>A stored envelope is malformed or fails authentication (altered, or moved from another row).</summary>
public sealed class SecretEnvelopeException(string context, string reason)
    : BerthException($"stored secret '{context}' cannot be decrypted: {reason}. Re-enter the secret, or restore the database from a backup.")
{
    public override ErrorCategory Category => ErrorCategory.Failed;

    public string Context { get; } = context;

    /// <summary>Why, in a few words (never a value).</summary>
    public string Reason { get; } = reason;
}
