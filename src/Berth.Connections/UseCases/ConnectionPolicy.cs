namespace Berth.Connections.UseCases;

/// <summary>
/// What a deployment allows beyond the defaults; the same rules otherwise hold for every front end. Which addresses
/// may be reached is not here but in the client factory's <see cref="Providers.ProviderContext.Addresses"/>, so the
/// check at create and the check at every connection are one policy.
/// </summary>
public sealed record ConnectionPolicy
{
    public static ConnectionPolicy Default { get; } = new();

    /// <summary>
    /// Password files and commands run on the machine that uses the connection: fine for the CLI on one's own
    /// machine, never for a server where an API caller would choose what it reads or runs.
    /// </summary>
    public bool AllowLocalPasswordSources { get; init; }

    /// <summary>How long a repository or tag listing is served from the listing cache when the connection sets none.</summary>
    public TimeSpan DefaultCacheInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest one browse (a repository or tag listing, an image inspection) may take in all, however many requests
    /// it makes: a page or API call waiting on a slow or stalling registry answers within this. Null: no limit beyond
    /// each request's own timeouts (the CLI, where the user can interrupt).
    /// </summary>
    public TimeSpan? BrowseTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
