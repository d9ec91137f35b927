using System.Net;

namespace Berth.Errors;

/// <summary>The rule that turns an HTTP status a peer answered with into an <see cref="ErrorCategory"/>.</summary>
public static class ErrorCategories
{
    /// <summary>
    /// 401 → unauthenticated, 403 → denied, 404 → not found, 408, 429 and 5xx but 501/505 → transient, anything else → failed.
    /// </summary>
    public static ErrorCategory FromStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => ErrorCategory.Unauthenticated,
        HttpStatusCode.Forbidden => ErrorCategory.Denied,
        HttpStatusCode.NotFound => ErrorCategory.NotFound,
        _ when IsTransientStatus(status) => ErrorCategory.Transient,
        _ => ErrorCategory.Failed,
    };

    /// <summary>A status that may go away if the same request is sent again: 408, 429 and 5xx except 501 and 505.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout ||
        ((int)status >= 500 && status != HttpStatusCode.NotImplemented && status != HttpStatusCode.HttpVersionNotSupported);
}
