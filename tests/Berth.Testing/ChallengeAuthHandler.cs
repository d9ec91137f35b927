using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Berth.Testing;

/// <summary>
/// Minimal registry auth for the seeder: answers a 401 challenge with Basic, or fetches a Bearer token from the
/// challenge's realm (with Basic credentials when given) and retries once. Request bodies must be rebufferable.
/// </summary>
internal sealed partial class ChallengeAuthHandler(RegistryCredentials? credentials, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, string> tokens = new(StringComparer.Ordinal);
    private volatile bool basicKnown;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (basicKnown && credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.ToBasicHeaderValue());
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.Count == 0)
        {
            return response;
        }
        var challenge = response.Headers.WwwAuthenticate.First();
        if (string.Equals(challenge.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && credentials is not null)
        {
            basicKnown = true;
            response.Dispose();
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.ToBasicHeaderValue());
            return await base.SendAsync(request, cancellationToken);
        }
        if (string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var parameters = ParseParameters(challenge.Parameter ?? "");
            var token = await GetTokenAsync(parameters, cancellationToken);
            response.Dispose();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, cancellationToken);
        }
        return response;
    }

    private async Task<string> GetTokenAsync(Dictionary<string, string> parameters, CancellationToken ct)
    {
        var realm = parameters.GetValueOrDefault("realm") ?? throw new InvalidOperationException("Bearer challenge without realm.");
        var service = parameters.GetValueOrDefault("service");
        var scopes = (parameters.GetValueOrDefault("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var key = string.Join(' ', scopes);
        if (tokens.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var query = new List<string>();
        if (service is not null)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }
        query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        using var request = new HttpRequestMessage(HttpMethod.Get, realm + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.ToBasicHeaderValue());
        }
        using var response = await base.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Token request to {realm} failed with {(int)response.StatusCode}.", null, response.StatusCode);
        }
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        var token = (string?)json?["token"] ?? (string?)json?["access_token"]
            ?? throw new InvalidOperationException($"Token answer from {realm} has neither token nor access_token.");
        tokens[key] = token;
        return token;
    }

    private static Dictionary<string, string> ParseParameters(string parameter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in ParameterRegex().Matches(parameter))
        {
            result[match.Groups[1].Value] = match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
        }
        return result;
    }

    [GeneratedRegex("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))")]
    private static partial Regex ParameterRegex();
}
