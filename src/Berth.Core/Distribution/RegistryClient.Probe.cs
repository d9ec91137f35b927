using System.Net;
using Berth.Auth;
using Berth.Transport;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>The largest body a probe reads: enough for a short page, an error or an empty index.</summary>
    private const long MaxProbeBytes = 64 * 1024;

    /// <summary>
    /// One request to <c>/v2/&lt;path&gt;</c> whose answer is a finding, not a failure: the status, the headers the
    /// capability probe reads and the first 64 KiB of the body. Authenticates like every request; only network
    /// failures throw. Never sends a body, so it cannot change what the registry holds.
    /// </summary>
    /// <param name="method">GET, HEAD or DELETE (a DELETE only ever of a digest that cannot exist).</param>
    /// <param name="path">Relative to <c>/v2/</c>, query included (<c>_catalog?n=1</c>).</param>
    /// <param name="scope">The token scope the request needs.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ProbeAnswer> ProbeAsync(HttpMethod method, string path, AccessScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        using var request = await CreateAsync(method, path, scope, cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, cancellationToken, limit: new BodyLimit(MaxProbeBytes, $"the answer to {method} /v2/{path}",
            "the registry answered a probe with more than a probe needs")).ConfigureAwait(false);
        var headers = response.Headers.NonValidated
            .Concat(response.Content.Headers.NonValidated)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        return new ProbeAnswer(response.StatusCode, headers, BodyOf(response), request.Headers.Authorization is not null);
    }

    /// <summary>The challenge the registry last sent (its scheme and token realm), if any.</summary>
    public AuthChallenge? LastChallenge => _transport.Authentication.LastChallenge;
}
