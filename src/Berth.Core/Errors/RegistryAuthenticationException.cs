using System.Net;

namespace Berth.Errors;

/// <summary>
/// The registry or its token service said no (401 or 403). <see cref="Refusal"/> says what kind of no, and decides the
/// category: credentials refused or missing → unauthenticated, access denied → denied, "does not exist or may not be
/// pulled" → not found.
/// </summary>
public sealed class RegistryAuthenticationException(
    string registry, HttpMethod method, string redactedUrl, HttpStatusCode status,
    IReadOnlyList<RegistryError> errors, string? summary = null)
    : RegistryException(registry, method, redactedUrl, status, errors, summary)
{
    /// <summary>What kind of refusal; by default what the status alone suggests (401 credentials, 403 access).</summary>
    public AccessRefusal Refusal { get; init; } = status == HttpStatusCode.Forbidden ? AccessRefusal.AccessDenied : AccessRefusal.CredentialsRefused;

    public override ErrorCategory Category => Refusal switch
    {
        AccessRefusal.AccessDenied => ErrorCategory.Denied,
        AccessRefusal.NotFoundOrNotAllowed => ErrorCategory.NotFound,
        _ => ErrorCategory.Unauthenticated,
    };
}
