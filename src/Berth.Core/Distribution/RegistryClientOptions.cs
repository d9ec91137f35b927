using Berth.Transport;

namespace Berth.Distribution;

/// <summary>How to reach and authenticate to one registry (the transport's options), and how the client talks to it.</summary>
public sealed record RegistryClientOptions : RegistryTransportOptions
{
    /// <summary>"http" or "https" to skip negotiation (a connection URL that names its scheme).</summary>
    public string? Scheme { get; init; }

    /// <summary>Page size requested from <c>_catalog</c> and <c>tags/list</c>; null lets the registry choose.</summary>
    public int? PageSize { get; init; }
}
