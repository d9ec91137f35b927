using System.Net;

namespace Berth.Distribution;

/// <summary>What a registry answered to one probe request.</summary>
public sealed record ProbeAnswer(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool SentCredentials)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
