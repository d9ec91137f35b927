using Berth.Connections.Tokens;

namespace Berth.Server.Api.Models;

internal sealed record TokenRequest(string? Role, List<string>? Connections, string? Description);

internal sealed record TokenResponse(Guid Id, string Role, IReadOnlyList<string> Connections, string? Description, DateTimeOffset Created, DateTimeOffset? LastUsed, DateTimeOffset? Revoked)
{
    public static TokenResponse From(ApiToken t) => new(t.Id, t.Role.ToName(), t.Connections, t.Description, t.Created, t.LastUsed, t.Revoked);
}

/// <summary>Returned once, on creation: the only response that holds the token's text.</summary>
internal sealed record CreatedTokenResponse(TokenResponse Token, string Secret);

internal sealed record AuditResponse(long Id, DateTimeOffset At, string Actor, string Action, Guid? ConnectionId, string? Detail);

internal sealed record RegistryTypeResponse(string Type, string DisplayName, string? DefaultUrl, string UrlHelp, IReadOnlyList<Berth.Connections.Providers.ProviderField> Fields)
{
    public static RegistryTypeResponse From(Berth.Connections.Providers.IRegistryProvider p) => new(p.Type, p.DisplayName, p.DefaultUrl, p.UrlHelp, p.Fields);
}
