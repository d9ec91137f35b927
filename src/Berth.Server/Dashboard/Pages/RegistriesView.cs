using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

public sealed record RegistriesView(Caller Caller, IReadOnlyList<RegistryRow> Rows, Notice? Notice);

/// <summary>One registry in the list: what it is and how healthy it was last time it was verified.</summary>
public sealed record RegistryRow(string Name, string Type, string TypeName, string Url, bool? LastVerifyOk, string? LastVerifyMessage, DateTimeOffset? LastVerifiedAt, DateTimeOffset? CredentialExpiresAt)
{
    public string Health => LastVerifyOk switch { true => "ok", false => "failing", null => "unknown" };
}
