namespace Berth.Errors;

/// <summary>
/// Which party an error comes from. A registry that refuses a connection's credentials is not the API caller being
/// unauthenticated: front ends that answer on behalf of a peer (the server's 502) need to tell the two apart.
/// </summary>
public enum ErrorOrigin
{
    /// <summary>Berth itself: its input, its store, a local file, key or command.</summary>
    Local = 0,

    /// <summary>A container registry's API.</summary>
    Registry,

    /// <summary>A registry's token service (the realm of its Bearer challenge).</summary>
    TokenService,

    /// <summary>A provider's own API: AWS, Google, Azure AD, the Docker Hub API.</summary>
    ProviderApi,
}
