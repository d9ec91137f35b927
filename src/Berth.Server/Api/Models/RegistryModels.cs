using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Connections;
using Berth.Connections.Capabilities;
using Berth.Connections.Providers;
using Berth.Connections.UseCases;

namespace Berth.Server.Api.Models;

/// <summary>
/// Create or update a registry. Type-specific fields (region, accessKeyId, secretAccessKey, keyJson …) may be sent
/// at the top level or under <c>fields</c>. Secrets are write-only: on update, an absent secret keeps its value
/// and an empty string clears it.
/// </summary>
internal sealed record RegistryRequest
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Url { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public Dictionary<string, string?>? Fields { get; init; }

    public List<string>? Repositories { get; init; }

    public string? RepositoriesRegex { get; init; }

    public bool? Insecure { get; init; }

    public string? CaBundle { get; init; }

    public int? CacheIntervalSeconds { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? PaginateSize { get; init; }

    /// <summary>The path under which the Registry API lives (<c>artifactory/api/docker/REPO-KEY</c>); detected on create when left out.</summary>
    public string? ApiPath { get; init; }

    /// <summary>ECR only: create missing repositories before the first push.</summary>
    public bool? CreateRepositories { get; init; }

    /// <summary>Accepted only to be refused with a clear message: password files and commands are the CLI's.</summary>
    public string? PasswordFile { get; init; }

    /// <inheritdoc cref="PasswordFile"/>
    public List<string>? PasswordCommand { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ProviderFields { get; init; }

    public (ConnectionInput? Input, Dictionary<string, string[]>? Errors) ToInput()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Username is not null)
        {
            values["username"] = Username;
        }

        if (Password is not null)
        {
            values["password"] = Password;
        }

        foreach (var (name, value) in Fields ?? [])
        {
            values[name] = value;
        }

        foreach (var (name, element) in ProviderFields ?? [])
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    values[name] = element.GetString();
                    break;
                case JsonValueKind.Null:
                    values[name] = null;
                    break;
                default:
                    errors[name] = [$"'{name}' must be a string"];
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ConnectionInput
        {
            Name = Name,
            Type = Type,
            Url = Url,
            Values = values,
            Repositories = Repositories,
            RepositoriesRegex = RepositoriesRegex,
            Insecure = Insecure,
            CaBundlePem = CaBundle,
            CacheIntervalSeconds = CacheIntervalSeconds,
            TimeoutSeconds = TimeoutSeconds,
            PaginateSize = PaginateSize,
            ApiPath = ApiPath,
            CreateRepositories = CreateRepositories,
            PasswordFile = PasswordFile,
            PasswordCommand = PasswordCommand,
        }, null);
    }
}

internal sealed record RenameRequest(string? Name);

/// <summary>Whether a secret is set, with the last four characters of a long one at most; whether it decrypts.</summary>
/// <remarks>Lists do not decrypt secrets: there <c>readable</c> is null (unknown); reading one registry tells.</remarks>
internal sealed record SecretState(bool Set, string? Hint, bool? Readable = true);

internal sealed record HealthResponse(string Status, DateTimeOffset? LastVerifiedAt, string? Message);

internal sealed record RegistryOptionsResponse(
    IReadOnlyList<string> Repositories,
    string? RepositoriesRegex,
    bool Insecure,
    bool CaBundleSet,
    int? CacheIntervalSeconds,
    int? TimeoutSeconds,
    int? PaginateSize,
    string? ApiPath = null,
    bool CreateRepositories = false);

internal sealed record RegistryResponse(
    Guid Id,
    string Name,
    string Type,
    string Url,
    string? Username,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, SecretState> Secrets,
    bool PasswordSet,
    string? PasswordHint,
    RegistryOptionsResponse Options,
    HealthResponse Health,
    DateTimeOffset? CredentialExpiresAt,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    bool? SecretsReadable,
    string? Problem,
    RegistryCapabilities? Capabilities = null,
    RateLimitView? RateLimit = null)
{
    /// <summary>A registry as a list shows it: secrets named as set, their hints and readability unknown (never decrypted).</summary>
    public static RegistryResponse From(ConnectionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var full = From(summary.Connection);
        var secrets = full.Secrets.Keys.Concat(summary.SecretNames).Distinct(StringComparer.Ordinal)
            .ToDictionary(n => n, n => summary.SecretNames.Contains(n, StringComparer.Ordinal) ? new SecretState(true, null, null) : new SecretState(false, null, true), StringComparer.Ordinal);
        var passwordName = secrets.ContainsKey("password") ? "password" : secrets.Keys.FirstOrDefault();
        return full with
        {
            Secrets = secrets,
            PasswordSet = passwordName is not null && secrets[passwordName].Set,
            PasswordHint = null,
            SecretsReadable = null,
        };
    }

    /// <param name="c">The connection.</param>
    /// <param name="capabilities">What its last probe found (the single-registry answers carry it; lists leave it null).</param>
    public static RegistryResponse From(Connection c, RegistryCapabilities? capabilities)
    {
        ArgumentNullException.ThrowIfNull(c);
        return From(c) with { Capabilities = capabilities };
    }

    public static RegistryResponse From(Connection c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var fields = ProviderCatalog.TryGet(c.Type, out var type) ? type.Fields : [];
        var secretNames = fields.Where(f => f.IsSecret).Select(f => f.Name).Concat(c.Secrets.Names).Distinct(StringComparer.Ordinal);
        var secrets = secretNames.ToDictionary(n => n, n => new SecretState(c.Secrets.IsSet(n), c.Secrets.Hint(n), c.Secrets.IsReadable(n)), StringComparer.Ordinal);
        var passwordName = c.Secrets.IsSet("password") || fields.Any(f => f.Name == "password") ? "password" : secrets.Keys.FirstOrDefault();
        return new RegistryResponse(
            c.Id,
            c.Name,
            c.Type,
            c.Url,
            c.Fields.TryGetValue("username", out var user) ? user : null,
            c.Fields,
            secrets,
            passwordName is not null && c.Secrets.IsSet(passwordName),
            passwordName is null ? null : c.Secrets.Hint(passwordName),
            new RegistryOptionsResponse(
                c.Options.Repositories,
                c.Options.RepositoriesRegex,
                c.Options.Insecure,
                c.Options.CaBundlePem is not null,
                (int?)c.Options.CacheInterval?.TotalSeconds,
                (int?)c.Options.ClientTimeout?.TotalSeconds,
                c.Options.PaginateSize,
                ApiRoute.For(c) is { IsRoot: false } route ? route.ApiPath : null,
                c.Options.CreateRepositories),
            new HealthResponse(
                c.LastVerifyOk switch { true => "ok", false => "failing", null => "unknown" },
                c.LastVerifiedAt,
                c.LastVerifyMessage),
            c.CredentialExpiresAt,
            c.Created,
            c.Updated,
            c.SecretsReadable,
            c.UnreadableError()?.Message);
    }
}

internal sealed record ListingResponse(string Registry, string? Repository, IReadOnlyList<string> Items, DateTimeOffset Refreshed);

internal sealed record ResolveResponse(string Image, string Registry, string Repository, string Reason, RegistryResponse Connection);

internal sealed record CredentialResponse(string Registry, string ServerAddress, string? Username, string? Password, string? IdentityToken, string? RegistryToken, DateTimeOffset? ExpiresAt);

internal sealed record DockerConfigRequest(List<string>? Registries);
