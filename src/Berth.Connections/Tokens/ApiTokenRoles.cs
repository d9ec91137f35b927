using System.Diagnostics.CodeAnalysis;

namespace Berth.Connections.Tokens;

/// <summary>The lower-case role names used in the database, the CLI and the API.</summary>
public static class ApiTokenRoles
{
    public static IReadOnlyList<string> Names { get; } = ["admin", "member", "ci"];

    public static string ToName(this ApiTokenRole role) => role switch
    {
        ApiTokenRole.Admin => "admin",
        ApiTokenRole.Member => "member",
        ApiTokenRole.Ci => "ci",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown API token role"),
    };

    public static bool TryParse(string? name, [NotNullWhen(true)] out ApiTokenRole? role)
    {
        role = name?.Trim().ToLowerInvariant() switch
        {
            "admin" => ApiTokenRole.Admin,
            "member" => ApiTokenRole.Member,
            "ci" => ApiTokenRole.Ci,
            _ => null,
        };
        return role is not null;
    }
}
