using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// A credential could not be derived for a connection: a token service refused it, could not be reached or answered
/// oddly (origin <see cref="ErrorOrigin.ProviderApi"/>), or a required secret is missing or unusable
/// (<see cref="ErrorOrigin.Local"/>). The message names the service and what to check, never a secret.
/// </summary>
public sealed class ProviderCredentialException : BerthException
{
    public ProviderCredentialException(string type, string message, int? statusCode = null, string? errorCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Origin = ErrorOrigin.ProviderApi;
        Type = type;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The registry type (ecr, gcr, acr …).</summary>
    public string Type { get; }

    /// <summary>HTTP status of the token service's answer, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>The service's own error code (AWS <c>__type</c>, OAuth <c>error</c>), when given.</summary>
    public string? ErrorCode { get; }

    public override ErrorCategory Category => ProviderErrors.Categorize(StatusCode, InnerException);
}
