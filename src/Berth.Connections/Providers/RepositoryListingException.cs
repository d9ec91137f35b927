using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// Listing repositories failed: the Docker Hub API refused, could not be reached or answered oddly (origin
/// <see cref="ErrorOrigin.ProviderApi"/>), or the connection's filter is invalid (<see cref="ErrorOrigin.Local"/>).
/// </summary>
public sealed class RepositoryListingException : BerthException
{
    public RepositoryListingException(string message, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Origin = ErrorOrigin.ProviderApi;
        StatusCode = statusCode;
    }

    public int? StatusCode { get; }

    public override ErrorCategory Category => ProviderErrors.Categorize(StatusCode, InnerException);
}
