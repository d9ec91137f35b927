namespace Berth.Server.Registries;

/// <summary>
/// A registry as submitted by the API or the Add Registry form, before validation. <see cref="Values"/> holds every
/// type-specific field by name (username, password, region, secretAccessKey …); which are secret the type decides.
/// On update, a secret that is absent (or null) keeps its saved value and an empty one clears it.
/// </summary>
public sealed record RegistryInput
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<string>? Repositories { get; init; }

    public string? RepositoriesRegex { get; init; }

    public bool? Insecure { get; init; }

    public string? CaBundlePem { get; init; }

    public int? CacheIntervalSeconds { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? PaginateSize { get; init; }
}
