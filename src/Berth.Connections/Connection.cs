namespace Berth.Connections;

/// <summary>
/// A saved registry connection. <see cref="Url"/> may carry a namespace path
/// (<c>123456789012.dkr.ecr.us-east-1.amazonaws.com/team</c>, <c>gcr.io/my-project</c>), which later decides
/// which images this connection serves. <see cref="Fields"/> hold non-secret credential parts (username, region,
/// accessKeyId, tenantId …); secret parts live only in <see cref="Secrets"/>.
/// </summary>
public sealed record Connection
{
    private static readonly IReadOnlyDictionary<string, string> NoFields =
        new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    /// <summary>Assigned by the store on add when left empty.</summary>
    public Guid Id { get; init; }

    public required Guid OrganizationId { get; init; }

    /// <summary>Unique per organization, compared without regard to case.</summary>
    public required string Name { get; init; }

    /// <summary>Registry type: generic, dockerhub, ghcr, quay, gcr, gar, ecr, acr, docr, ibm, jfrog.</summary>
    public required string Type { get; init; }

    public required string Url { get; init; }

    public IReadOnlyDictionary<string, string> Fields { get; init; } = NoFields;

    public SecretBag Secrets { get; init; } = SecretBag.Empty;

    public ConnectionOptions Options { get; init; } = ConnectionOptions.Default;

    /// <summary>Set by the store.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>Set by the store on every change of name, type, URL, fields, secrets or options.</summary>
    public DateTimeOffset Updated { get; init; }

    public DateTimeOffset? LastVerifiedAt { get; init; }

    public bool? LastVerifyOk { get; init; }

    /// <summary>Summary of the last verify; written by Berth, so it never holds a secret.</summary>
    public string? LastVerifyMessage { get; init; }

    /// <summary>When the credential stops working (ECR tokens, expiring access tokens), when known.</summary>
    public DateTimeOffset? CredentialExpiresAt { get; init; }

    /// <summary>
    /// Set by the store when part of the saved record other than a secret could not be read back (fields or options
    /// that no longer parse): what and why, never a value. Null when the record is whole.
    /// </summary>
    public string? Damage { get; init; }

    /// <summary>False when a stored secret could not be decrypted (see <see cref="SecretBag.UnreadableNames"/>).</summary>
    public bool SecretsReadable => Secrets.AllReadable;

    /// <summary>Whether every part of the saved record was read back: its secrets decrypt and its fields parse.</summary>
    public bool IsReadable => Damage is null && Secrets.AllReadable;

    /// <summary>What using this connection throws because part of it is unreadable; null when it is whole.</summary>
    public ConnectionUnreadableException? UnreadableError() =>
        Damage is { } damage ? new ConnectionUnreadableException(Name, "its saved configuration", damage) : Secrets.UnreadableError();

    /// <summary>Throws <see cref="UnreadableError"/> when part of the connection could not be read back.</summary>
    /// <exception cref="ConnectionUnreadableException"/>
    public void ThrowIfUnreadable()
    {
        if (UnreadableError() is { } error)
        {
            throw error;
        }
    }

    public bool Equals(Connection? other) =>
        other is not null
        && Id == other.Id
        && OrganizationId == other.OrganizationId
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Type, other.Type, StringComparison.Ordinal)
        && string.Equals(Url, other.Url, StringComparison.Ordinal)
        && FieldsEqual(Fields, other.Fields)
        && Secrets.Equals(other.Secrets)
        && Options.Equals(other.Options)
        && Created == other.Created
        && Updated == other.Updated
        && LastVerifiedAt == other.LastVerifiedAt
        && LastVerifyOk == other.LastVerifyOk
        && string.Equals(LastVerifyMessage, other.LastVerifyMessage, StringComparison.Ordinal)
        && CredentialExpiresAt == other.CredentialExpiresAt
        && string.Equals(Damage, other.Damage, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Id, OrganizationId, Name, Type, Url, Updated);

    private static bool FieldsEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count
        && a.All(kv => b.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
}
