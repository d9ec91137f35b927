namespace Berth.Connections.Storage;

/// <summary>A short-lived credential (ECR token, ACR refresh token …) cached for a connection; ToString hides it.</summary>
public sealed class CachedCredential(Guid connectionId, string kind, string secret, DateTimeOffset expiresAt)
{
    private readonly string _secret = secret;

    public Guid ConnectionId { get; } = connectionId;

    public string Kind { get; } = kind;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The plaintext credential, for the code that sends it; never log or display it.</summary>
    public string Reveal() => _secret;

    public override string ToString() => $"CachedCredential({ConnectionId:D}/{Kind}, expires {ExpiresAt:O})";
}
