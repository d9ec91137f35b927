using Berth.Transport;

namespace Berth.Distribution;

/// <summary>How to reach and authenticate to one registry (the transport's options), and how the client talks to it.</summary>
public sealed record RegistryClientOptions : RegistryTransportOptions
{
    /// <summary>"http" or "https" to skip negotiation (a connection URL that names its scheme).</summary>
    public string? Scheme { get; init; }

    /// <summary>
    /// The path under which the Registry API lives (<c>artifactory/api/docker/REPO-KEY</c>, a reverse proxy's prefix):
    /// requests go to <c>&lt;scheme&gt;://&lt;host&gt;/&lt;ApiPath&gt;/v2/…</c>. Null or empty: the API is at the host's root.
    /// </summary>
    public string? ApiPath { get; init; }

    /// <summary>
    /// Leading path of image names that the API does not see: JFrog names images <c>HOST/REPO-KEY/IMAGE</c> while its
    /// API at <c>artifactory/api/docker/REPO-KEY/v2/</c> knows them as <c>IMAGE</c>. Callers use image names; the
    /// client strips this prefix from paths and token scopes. Null or empty: names are used as they are.
    /// </summary>
    public string? NamePrefix { get; init; }

    /// <summary>
    /// Creates a repository before the first upload, mount or manifest push to it (an ECR connection with
    /// create-repositories); null: pushes go straight to the registry.
    /// </summary>
    public IRepositoryCreator? RepositoryCreator { get; init; }

    /// <summary>
    /// Called with every Docker Hub style rate-limit budget the registry announces (<c>RateLimit-Limit</c> /
    /// <c>RateLimit-Remaining</c>), on the request's thread: it must not block (record it elsewhere).
    /// </summary>
    public Action<Transport.RateLimitBudget>? RateLimitObserved { get; init; }

    /// <summary>Page size requested from <c>_catalog</c> and <c>tags/list</c>; null lets the registry choose.</summary>
    public int? PageSize { get; init; }

    /// <summary>The largest manifest or index read (registries themselves refuse manifests over 4 MiB).</summary>
    public long MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The largest blob read whole into memory: an image config read for inspection.</summary>
    public long MaxConfigBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The largest single page of <c>_catalog</c> or <c>tags/list</c>.</summary>
    public long MaxPageBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>The most pages one listing follows through <c>Link</c> headers before it fails.</summary>
    public int MaxListPages { get; init; } = 1_000;

    /// <summary>The most entries (tags or repositories) one listing yields before it fails.</summary>
    public int MaxListEntries { get; init; } = 1_000_000;
}
