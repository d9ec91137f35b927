using Berth.Auth;

namespace Berth.Transport;

/// <summary>Per-request facts the handlers need, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
public static class RegistryRequestOptions
{
    /// <summary>The scopes a request needs; the auth handler asks the token service for them.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<AccessScope>> Scopes = new("berth.scopes");

    /// <summary>Set on requests whose body cannot be sent twice (streamed uploads): no retry, no re-auth.</summary>
    public static readonly HttpRequestOptionsKey<bool> NoResend = new("berth.no-resend");

    /// <summary>
    /// What the auth handler sent with the request's last attempt, so a refusal can say whether credentials were refused
    /// or none were sent.
    /// </summary>
    public static readonly HttpRequestOptionsKey<SentAuthorization> Sent = new("berth.sent-authorization");

    /// <summary>The username the credentials sent with the request carried (never the secret), for messages.</summary>
    public static readonly HttpRequestOptionsKey<string?> SentUser = new("berth.sent-user");

    /// <summary>
    /// Set by the auth handler while it waits for the token service (its host), so a time-out names the token service,
    /// not the registry that answered at once.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string?> WaitingForTokenService = new("berth.waiting-for-token-service");

    /// <summary>
    /// Whether a request can be sent again: no body, or a buffered one, and not marked otherwise.
    /// </summary>
    public static bool CanResend(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(NoResend, out var noResend) && noResend)
        {
            return false;
        }

        return request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;
    }
}
