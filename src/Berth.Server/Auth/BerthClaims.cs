namespace Berth.Server.Auth;

/// <summary>Claim types carried by API-token and dashboard principals.</summary>
internal static class BerthClaims
{
    public const string TokenId = "berth:token";
    public const string Organization = "berth:org";
    public const string Role = "berth:role";
    public const string Connection = "berth:connection";

    public const string ApiScheme = "ApiToken";
    public const string CookieScheme = "Dashboard";

    public const string AdminPolicy = "admin";
    public const string MemberPolicy = "member";
    public const string AnyRolePolicy = "any";
    public const string DashboardPolicy = "dashboard";
    public const string DashboardAdminPolicy = "dashboard-admin";
}
