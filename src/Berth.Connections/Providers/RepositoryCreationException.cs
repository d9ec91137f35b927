using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>The provider API refused to create a repository before a push, or could not be reached.</summary>
public sealed class RepositoryCreationException : BerthException
{
    public RepositoryCreationException(string message, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Origin = ErrorOrigin.ProviderApi;
        StatusCode = statusCode;
    }

    public int? StatusCode { get; }

    public override ErrorCategory Category => ProviderErrors.Categorize(StatusCode, InnerException);
}
