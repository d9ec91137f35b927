namespace Berth.Errors;

/// <summary>
/// Why a registry or its token service said no. Registries answer all three with 401 or 403, so the kind is read from
/// what was sent (nothing, an anonymous token, credentials) and the answer's details (<c>error="insufficient_scope"</c>,
/// the <c>detail</c> naming a repository and action), never from the status alone.
/// </summary>
public enum AccessRefusal
{
    /// <summary>The token service or a Basic check refused the user and password (or token) that were sent.</summary>
    CredentialsRefused = 0,

    /// <summary>The registry wants credentials and none were sent.</summary>
    CredentialsMissing,

    /// <summary>Who we are is known (or anonymous) and not allowed this action: 403, 401 <c>insufficient_scope</c>, an anonymous token.</summary>
    AccessDenied,

    /// <summary>Docker Hub's 401 for a repository that does not exist, indistinguishable from one the account may not pull.</summary>
    NotFoundOrNotAllowed,
}
