using Berth.Errors;

namespace Berth.Connections.Kubernetes;

/// <summary>
/// The Kubernetes API server refused a call or could not be reached: <see cref="Status"/> is its HTTP status (0 when
/// there was no answer), <see cref="Reason"/> the <c>Status.reason</c> it gave. The message names the cluster side
/// as the party at fault and the fix; it never holds the bearer token.
/// </summary>
public sealed class KubernetesApiException : BerthException
{
    public KubernetesApiException(int status, string? reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        Reason = reason;
        Origin = ErrorOrigin.ProviderApi;
    }

    public int Status { get; }

    public string? Reason { get; }

    public override ErrorCategory Category => Status switch
    {
        0 => ErrorCategory.Unreachable,
        401 => ErrorCategory.Unauthenticated,
        403 => ErrorCategory.Denied,
        404 => ErrorCategory.NotFound,
        409 => ErrorCategory.Conflict,
        429 or >= 500 => ErrorCategory.Transient,
        _ => ErrorCategory.Failed,
    };

    /// <summary>The wording for a status, naming what the service account is missing.</summary>
    public static KubernetesApiException For(int status, string? reason, string? apiMessage, string what, Exception? inner = null)
    {
        var detail = string.IsNullOrWhiteSpace(apiMessage) ? "" : $": {Trim(apiMessage)}";
        var fix = status switch
        {
            0 => "check the API server URL and CA bundle, and that the cluster is reachable from here",
            401 => "the cluster refused the bearer token; give the target a valid service-account token",
            403 => "the service account lacks RBAC permission for this; grant it get/create/update on secrets (and get/patch on serviceaccounts, list on namespaces)",
            404 => "it does not exist on the cluster",
            _ => "see the API server's message",
        };
        var said = status == 0 ? "no answer" : $"HTTP {status}{(string.IsNullOrEmpty(reason) ? "" : " " + reason)}";
        return new KubernetesApiException(status, reason, $"Kubernetes API server: {what}: {said}{detail} ({fix})", inner);
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..299] + "…";
}
