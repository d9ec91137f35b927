namespace Berth.Connections.UseCases;

/// <summary>
/// A connection as a front end received it, before validation: CLI flags, an API body or the Add Registry form.
/// <see cref="Values"/> holds every type-specific field by name (username, password, region, secretAccessKey …);
/// the type decides which are secret. On update, an absent (null) value keeps what is saved and an empty secret
/// clears it. Null options keep their saved value too.
/// </summary>
public sealed record ConnectionInput
{
    /// <summary>Defaults to the registry host on create.</summary>
    public string? Name { get; init; }

    public string? Type { get; init; }

    /// <summary>host[:port][/namespace]; the type's default URL when empty.</summary>
    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyList<string>? Repositories { get; init; }

    public string? RepositoriesRegex { get; init; }

    public bool? Insecure { get; init; }

    public string? CaBundlePem { get; init; }

    public int? CacheIntervalSeconds { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? PaginateSize { get; init; }

    /// <summary>The path under which the Registry API lives; an empty string clears it (detected at connect when left out).</summary>
    public string? ApiPath { get; init; }

    /// <summary>ECR only: create repositories before the first push (see <see cref="ConnectionOptions.CreateRepositories"/>).</summary>
    public bool? CreateRepositories { get; init; }

    /// <summary>A file read for the password whenever it is needed (local front ends only, see <see cref="ConnectionPolicy"/>).</summary>
    public string? PasswordFile { get; init; }

    /// <summary>A command (argv, no shell) whose output is the password (local front ends only).</summary>
    public IReadOnlyList<string>? PasswordCommand { get; init; }

    /// <summary>The input for a new connection a front end has assembled as a draft (CLI flags, an imported docker config).</summary>
    public static ConnectionInput From(Providers.ConnectionDraft draft, string? name)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new ConnectionInput
        {
            Name = name,
            Type = draft.Type,
            Url = draft.Url,
            Values = draft.Fields.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value))
                .Concat(draft.Secrets.Names.Select(n => KeyValuePair.Create(n, (string?)draft.Secrets.Reveal(n))))
                .ToDictionary(StringComparer.Ordinal),
            Repositories = draft.Options.Repositories,
            RepositoriesRegex = draft.Options.RepositoriesRegex,
            Insecure = draft.Options.Insecure,
            ApiPath = draft.Options.ApiPath,
            CreateRepositories = draft.Options.CreateRepositories,
            CaBundlePem = draft.Options.CaBundlePem,
            PasswordFile = draft.Options.PasswordFile,
            PasswordCommand = draft.Options.PasswordCommand,
            PaginateSize = draft.Options.PaginateSize,
            TimeoutSeconds = draft.Options.ClientTimeout is { } timeout ? (int)timeout.TotalSeconds : null,
        };
    }
}
