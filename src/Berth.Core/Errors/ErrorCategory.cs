namespace Berth.Errors;

/// <summary>
/// What kind of failure an error is, so every front end answers it the same way: the CLI's exit code, the API's
/// HTTP status and the dashboard's message all come from the category, never from the exception's type.
/// </summary>
public enum ErrorCategory
{
    /// <summary>Anything else: the operation was attempted and did not succeed (exit 1, HTTP 500/502).</summary>
    Failed = 0,

    /// <summary>The input is wrong: a malformed reference, an unknown type, a missing or invalid field (exit 2, HTTP 400).</summary>
    Usage,

    /// <summary>The named thing does not exist, or is not the caller's to see (exit 1, HTTP 404).</summary>
    NotFound,

    /// <summary>The caller was recognised but is not allowed (exit 1, HTTP 403).</summary>
    Denied,

    /// <summary>The credentials were missing or refused (exit 1, HTTP 401 for the API's own callers).</summary>
    Unauthenticated,

    /// <summary>No answer from a peer: DNS, refused connection, TLS, time-out (exit 1, HTTP 502/504).</summary>
    Unreachable,

    /// <summary>Failed now, may succeed if tried again: 429, 503, a dropped connection (exit 1, HTTP 503).</summary>
    Transient,

    /// <summary>The request clashes with what exists: a taken name, a dependent that blocks removal (exit 1, HTTP 409).</summary>
    Conflict,
}
