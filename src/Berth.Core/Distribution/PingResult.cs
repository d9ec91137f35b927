using System.Net;
using Berth.Auth;

namespace Berth.Distribution;

/// <summary>What <c>GET /v2/</c> said: reachable, over which scheme, and how it wants to be authenticated.</summary>
public sealed record PingResult(Uri BaseUri, HttpStatusCode Status, string? ApiVersion, AuthChallenge? Challenge)
{
    public bool Authenticated => Status == HttpStatusCode.OK;
}
