using Berth.Connections;
using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

/// <summary>
/// One registry as its detail page shows it: built without any secret value (a secret field is only "set" or
/// "not set", with at most its last four characters). <c>Problem</c>: what of it cannot be read back (a secret that
/// does not decrypt) and the fix; the list does not decrypt secrets, so this page is where that shows.
/// </summary>
public sealed record RegistryDetailView(
    Caller Caller,
    string Name,
    string Type,
    string TypeName,
    string Url,
    string Host,
    IReadOnlyList<DetailField> Fields,
    IReadOnlyList<DetailField> Options,
    bool? LastVerifyOk,
    string? LastVerifyMessage,
    DateTimeOffset? LastVerifiedAt,
    DateTimeOffset? CredentialExpiresAt,
    DateTimeOffset Now,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    IReadOnlyList<HealthCheck> Health,
    IReadOnlyList<ConnectionDependent> Dependents,
    Notice? Notice,
    string? Problem = null)
{
    /// <summary>What the registry showed it can do at its last verify; null when it was never probed.</summary>
    public Connections.Capabilities.RegistryCapabilities? Capabilities { get; init; }

    public string HealthBadge => LastVerifyOk switch { true => "ok", false => "failing", null => "unknown" };
}

/// <summary>A labelled value; for a secret, <see cref="Value"/> is "set" or "not set" and <see cref="Hint"/> its last four characters at most.</summary>
public sealed record DetailField(string Name, string Label, string Value, bool IsSecret = false, string? Hint = null);

/// <summary>One verify of the registry, from the audit log.</summary>
public sealed record HealthCheck(DateTimeOffset At, bool? Ok, string Actor, string? Detail);
