namespace Berth.Connections.Providers;

/// <summary>Listing repositories failed: the Docker Hub API refused or answered oddly, or the filter is invalid.</summary>
public sealed class RepositoryListingException(string message, int? statusCode = null, Exception? inner = null) : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}
