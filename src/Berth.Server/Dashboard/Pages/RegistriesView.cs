using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

/// <summary>One page of the registries list, with the links to the pages beside it (null at either end).</summary>
public sealed record RegistriesView(Caller Caller, IReadOnlyList<RegistryRow> Rows, Notice? Notice, string? NextUrl = null, string? PreviousUrl = null);

/// <summary>
/// One registry in the list: what it is and how healthy it was last time it was verified, and <c>Problem</c>: what of
/// the saved registry cannot be read back (a secret that does not decrypt) and the fix, null when it is whole.
/// </summary>
public sealed record RegistryRow(string Name, string Type, string TypeName, string Url, bool? LastVerifyOk, string? LastVerifyMessage, DateTimeOffset? LastVerifiedAt, DateTimeOffset? CredentialExpiresAt,
    string? Problem = null)
{
    public string Health => LastVerifyOk switch { true => "ok", false => "failing", null => "unknown" };
}
