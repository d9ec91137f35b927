namespace Berth.Transport;

/// <summary>What authorization went out with a request (see <see cref="RegistryRequestOptions.Sent"/>).</summary>
public enum SentAuthorization
{
    /// <summary>No Authorization header: the registry was never shown credentials.</summary>
    None = 0,

    /// <summary>A bearer token the token service issued without credentials.</summary>
    AnonymousToken,

    /// <summary>Basic with the user and password.</summary>
    Basic,

    /// <summary>A bearer token issued for credentials (or a ready registry token).</summary>
    Token,
}
