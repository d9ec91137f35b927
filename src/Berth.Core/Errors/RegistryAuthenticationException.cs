using System.Net;

namespace Berth.Errors;

/// <summary>The registry or its token service refused the credentials (401, unauthenticated) or the access (403, denied).</summary>
public sealed class RegistryAuthenticationException(
    string registry, HttpMethod method, string redactedUrl, HttpStatusCode status,
    IReadOnlyList<RegistryError> errors, string? summary = null)
    : RegistryException(registry, method, redactedUrl, status, errors, summary);
