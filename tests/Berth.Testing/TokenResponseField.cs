namespace Berth.Testing;

/// <summary>Which JSON field carries the token in a <see cref="TokenIssuer"/>'s <c>GET /token</c> answer.</summary>
public enum TokenResponseField
{
    /// <summary><c>{"token": ...}</c> — what Distribution's spec requires.</summary>
    Token,

    /// <summary><c>{"access_token": ...}</c> only — some registries answer like OAuth2 even on GET.</summary>
    AccessToken,

    /// <summary>Both fields with the same token, as Docker Hub answers.</summary>
    Both,
}
