using System.Net;

namespace Berth.Errors;

/// <summary>
/// A registry (or, with <see cref="BerthException.Origin"/> <see cref="ErrorOrigin.TokenService"/>, its token service)
/// answered with an error status. Carries the method, the URL without query secrets, the parsed error codes, and whether
/// trying again may help; the category comes from the status (<see cref="ErrorCategories.FromStatus"/>).
/// </summary>
public class RegistryException : BerthException
{
    public RegistryException(string registry, HttpMethod method, string redactedUrl, HttpStatusCode status,
        IReadOnlyList<RegistryError> errors, string? summary = null)
        : base(Describe(registry, method, redactedUrl, status, errors, summary))
    {
        Origin = ErrorOrigin.Registry;
        Registry = registry;
        Method = method;
        Url = redactedUrl;
        StatusCode = status;
        Errors = errors;
    }

    public string Registry { get; }

    public HttpMethod Method { get; }

    public string Url { get; }

    public HttpStatusCode StatusCode { get; }

    public IReadOnlyList<RegistryError> Errors { get; }

    public override ErrorCategory Category => ErrorCategories.FromStatus(StatusCode);

    public bool IsTransient => Category == ErrorCategory.Transient;

    public bool HasCode(string code) => Errors.Any(e => e.Code.Equals(code, StringComparison.OrdinalIgnoreCase));

    private static string Describe(string registry, HttpMethod method, string url, HttpStatusCode status,
        IReadOnlyList<RegistryError> errors, string? summary)
    {
        var what = summary ?? $"registry {registry} answered {(int)status} {ReasonPhrase(status)} to {method} {url}";
        return summary is not null || errors.Count == 0 ? what : $"{what}: {string.Join("; ", errors)}";
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        _ => status.ToString(),
    };
}
