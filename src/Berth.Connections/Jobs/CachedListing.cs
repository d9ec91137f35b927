namespace Berth.Connections.Jobs;

/// <summary>A repository or tag listing as last fetched from the registry.</summary>
public sealed record CachedListing(IReadOnlyList<string> Items, DateTimeOffset Refreshed);
