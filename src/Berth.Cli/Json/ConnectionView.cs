using System.Text.Json.Serialization;
using Berth.Connections;
using Berth.Connections.Capabilities;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;

namespace Berth.Cli.Json;

/// <summary>What list/show print about a connection: never a secret, only whether each is set.</summary>
internal sealed record ConnectionView
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("fields")]
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>Secret name → "set" (with a last-4 hint for long values), or "unreadable" for one that does not decrypt.</summary>
    [JsonPropertyName("secrets")]
    public required IReadOnlyDictionary<string, string> Secrets { get; init; }

    /// <summary>False when a stored secret does not decrypt; using the connection then fails with <see cref="Problem"/>.</summary>
    [JsonPropertyName("secretsReadable")]
    public bool SecretsReadable { get; init; } = true;

    /// <summary>What of the saved connection cannot be read back, and the fix; null when it is whole.</summary>
    [JsonPropertyName("problem")]
    public string? Problem { get; init; }

    [JsonPropertyName("passwordSource")]
    public string? PasswordSource { get; init; }

    [JsonPropertyName("repositories")]
    public required IReadOnlyList<string> Repositories { get; init; }

    [JsonPropertyName("repositoriesRegex")]
    public string? RepositoriesRegex { get; init; }

    [JsonPropertyName("insecure")]
    public bool Insecure { get; init; }

    /// <summary>Page size asked of listings (already clamped to the provider's limit); null lets the registry choose.</summary>
    [JsonPropertyName("paginateSize")]
    public int? PaginateSize { get; init; }

    /// <summary>The request quota the registry last announced (Docker Hub's RateLimit headers); null when it never did.</summary>
    [JsonPropertyName("rateLimit")]
    public RateLimitView? RateLimit { get; init; }

    /// <summary>The connection's client timeout in seconds; null is the default (30).</summary>
    [JsonPropertyName("timeoutSeconds")]
    public int? TimeoutSeconds { get; init; }

    /// <summary>The path under which the Registry API lives; null when at the host's root.</summary>
    [JsonPropertyName("apiPath")]
    public string? ApiPath { get; init; }

    /// <summary>ECR: missing repositories are created before the first push.</summary>
    [JsonPropertyName("createRepositories")]
    public bool CreateRepositories { get; init; }

    [JsonPropertyName("lastVerifiedAt")]
    public DateTimeOffset? LastVerifiedAt { get; init; }

    [JsonPropertyName("lastVerifyOk")]
    public bool? LastVerifyOk { get; init; }

    [JsonPropertyName("lastVerifyMessage")]
    public string? LastVerifyMessage { get; init; }

    [JsonPropertyName("credentialExpiresAt")]
    public DateTimeOffset? CredentialExpiresAt { get; init; }

    /// <summary>What the registry showed it can do at the last verify (show only); null when never probed.</summary>
    [JsonPropertyName("capabilities")]
    public RegistryCapabilities? Capabilities { get; init; }

    /// <summary>What depends on the connection (ci tokens naming it), for show.</summary>
    [JsonPropertyName("dependedOnBy")]
    public IReadOnlyList<string> DependedOnBy { get; init; } = [];

    public static ConnectionView From(Connection c) => new()
    {
        Name = c.Name,
        Type = c.Type,
        Url = c.Url,
        Username = c.Fields.TryGetValue(ProviderFieldNames.Username, out var u) ? u : null,
        Fields = c.Fields,
        Secrets = c.Secrets.Names.ToDictionary(
            n => n, n => !c.Secrets.IsReadable(n) ? "unreadable" : c.Secrets.Hint(n) is { } hint ? $"set (…{hint})" : "set", StringComparer.Ordinal),
        SecretsReadable = c.SecretsReadable,
        Problem = c.UnreadableError()?.Message,
        PasswordSource = c.Options.PasswordFile is { } file ? $"file {file}"
            : c.Options.PasswordCommand.Count > 0 ? $"command {c.Options.PasswordCommand[0]}" : null,
        Repositories = c.Options.Repositories,
        RepositoriesRegex = c.Options.RepositoriesRegex,
        Insecure = c.Options.Insecure,
        PaginateSize = c.Options.PaginateSize,
        TimeoutSeconds = c.Options.ClientTimeout is { } timeout ? (int)timeout.TotalSeconds : null,
        ApiPath = ApiRoute.For(c) is { IsRoot: false } route ? route.ApiPath : null,
        CreateRepositories = c.Options.CreateRepositories,
        LastVerifiedAt = c.LastVerifiedAt,
        LastVerifyOk = c.LastVerifyOk,
        LastVerifyMessage = c.LastVerifyMessage,
        CredentialExpiresAt = c.CredentialExpiresAt,
    };
}

internal sealed record VerifyStepResult(
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("message")] string Message);

internal sealed record VerifyResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("steps")] IReadOnlyList<VerifyStepResult> Steps,
    [property: JsonPropertyName("credentialExpiresAt")] DateTimeOffset? CredentialExpiresAt);

internal sealed record ResolveResult(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("connection")] string? Connection,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("candidates")] IReadOnlyList<ResolveCandidate> Candidates);

internal sealed record ResolveCandidate(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("matches")] bool Matches,
    [property: JsonPropertyName("why")] string Why);

internal sealed record RepositoriesResult(
    [property: JsonPropertyName("connection")] string Connection,
    [property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ConnectionView))]
[JsonSerializable(typeof(List<ConnectionView>))]
[JsonSerializable(typeof(VerifyResult))]
[JsonSerializable(typeof(ResolveResult))]
[JsonSerializable(typeof(RepositoriesResult))]
internal sealed partial class ConnectionJsonContext : JsonSerializerContext;
