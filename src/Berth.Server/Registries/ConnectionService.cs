using Berth.Connections;
using Berth.Connections.Storage;
using Berth.Connections.Verification;
using Berth.Server.Auth;
using Berth.Server.Hosting;

namespace Berth.Server.Registries;

/// <summary>
/// Connections as the API and dashboard use them: always looked up within the caller's organization (another
/// organization's connection is simply not found), validated field by field, and every change audited.
/// </summary>
internal sealed partial class ConnectionService(ServerStores stores, IRegistryTypes types, BerthServerOptions options, TimeProvider time, ILogger<ConnectionService> logger)
{
    private const int MaxNameLength = 100;

    public IRegistryTypes Types => types;

    public Task<IReadOnlyList<Connection>> ListAsync(Caller caller, CancellationToken ct) =>
        stores.Connections.ListConnectionsAsync(caller.OrganizationId, ct);

    /// <summary>The caller's organization's connection with this name; null when absent or not the caller's to see.</summary>
    public async Task<Connection?> FindAsync(Caller caller, string name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || !caller.MayUseConnection(name))
        {
            return null;
        }

        return await stores.Connections.GetConnectionAsync(caller.OrganizationId, name, ct).ConfigureAwait(false);
    }

    public async Task<Connection?> FindByIdAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var connection = await stores.Connections.GetConnectionAsync(id, ct).ConfigureAwait(false);
        return connection is not null && connection.OrganizationId == caller.OrganizationId && caller.MayUseConnection(connection.Name) ? connection : null;
    }

    public async Task<ServiceResult<Connection>> CreateAsync(Caller caller, RegistryInput input, CancellationToken ct)
    {
        var (draft, errors) = await BuildAsync(caller.OrganizationId, input, existing: null, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return ServiceResult<Connection>.Invalid(errors);
        }

        try
        {
            var saved = await stores.Connections.AddConnectionAsync(draft!, ct).ConfigureAwait(false);
            await AuditAsync(caller, "connection.create", saved, $"type={saved.Type} url={saved.Url}", ct).ConfigureAwait(false);
            return ServiceResult<Connection>.Success(saved);
        }
        catch (DuplicateConnectionNameException)
        {
            return ServiceResult<Connection>.Taken("name", $"a registry named '{draft!.Name}' already exists in this organization; choose another name");
        }
    }

    public async Task<ServiceResult<Connection>> UpdateAsync(Caller caller, string name, RegistryInput input, CancellationToken ct)
    {
        var existing = await FindAsync(caller, name, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return ServiceResult<Connection>.Missing();
        }

        var (draft, errors) = await BuildAsync(caller.OrganizationId, input with { Name = input.Name ?? existing.Name }, existing, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return ServiceResult<Connection>.Invalid(errors);
        }

        try
        {
            var saved = await stores.Connections.UpdateConnectionAsync(draft! with { Id = existing.Id }, ct).ConfigureAwait(false);
            await stores.Jobs.ClearListingsAsync(saved.Id, ct).ConfigureAwait(false);
            var changedSecrets = saved.Secrets.Names.Where(n => !existing.Secrets.IsSet(n) || !saved.Secrets.Reveal(n).Equals(existing.Secrets.Reveal(n), StringComparison.Ordinal))
                .Concat(existing.Secrets.Names.Where(n => !saved.Secrets.IsSet(n)))
                .ToList();
            await AuditAsync(caller, "connection.update", saved, $"type={saved.Type} url={saved.Url} secrets changed: {(changedSecrets.Count == 0 ? "none" : string.Join(",", changedSecrets))}", ct).ConfigureAwait(false);
            return ServiceResult<Connection>.Success(saved);
        }
        catch (DuplicateConnectionNameException)
        {
            return ServiceResult<Connection>.Taken("name", $"a registry named '{draft!.Name}' already exists in this organization; choose another name");
        }
    }

    public async Task<ServiceResult<Connection>> RenameAsync(Caller caller, string name, string? newName, CancellationToken ct)
    {
        var existing = await FindAsync(caller, name, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return ServiceResult<Connection>.Missing();
        }

        if (NameError(newName) is { } error)
        {
            return ServiceResult<Connection>.Invalid("name", error);
        }

        try
        {
            var renamed = await stores.Connections.RenameConnectionAsync(existing.Id, newName!.Trim(), ct).ConfigureAwait(false);
            await AuditAsync(caller, "connection.rename", renamed, $"'{existing.Name}' -> '{renamed.Name}'", ct).ConfigureAwait(false);
            return ServiceResult<Connection>.Success(renamed);
        }
        catch (DuplicateConnectionNameException)
        {
            return ServiceResult<Connection>.Taken("name", $"a registry named '{newName!.Trim()}' already exists in this organization; choose another name");
        }
    }

    public async Task<bool> RemoveAsync(Caller caller, string name, CancellationToken ct)
    {
        var existing = await FindAsync(caller, name, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return false;
        }

        await stores.Jobs.ClearListingsAsync(existing.Id, ct).ConfigureAwait(false);
        var removed = await stores.Connections.RemoveConnectionAsync(existing.Id, ct).ConfigureAwait(false);
        if (removed)
        {
            await AuditAsync(caller, "connection.remove", existing, $"type={existing.Type} url={existing.Url}", ct).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary>Reads the credential for a caller who is allowed to (audited: who, when, which connection).</summary>
    public async Task<ObtainedCredential> ReadCredentialAsync(Caller caller, Connection connection, string purpose, CancellationToken ct)
    {
        var credential = await types.GetCredentialAsync(connection, ct).ConfigureAwait(false);
        await AuditAsync(caller, "credential.read", connection, purpose, ct).ConfigureAwait(false);
        return credential;
    }

    /// <summary>Credentials, ping, authenticate, tags of each listed repository; records health and credential expiry.</summary>
    public async Task<VerifyReport> VerifyAsync(Connection connection, string actor, CancellationToken ct)
    {
        VerifyReport report;
        var (host, _) = types.Address(connection);
        if (!options.AllowLinkLocalRegistries && await UrlSafety.CheckAsync(host.Hostname, ct).ConfigureAwait(false) is { } refused)
        {
            report = new VerifyReport([new VerifyStep("reach", VerifyOutcome.Failed, refused)], null);
        }
        else
        {
            report = await types.VerifyAsync(connection, ct).ConfigureAwait(false);
        }

        var at = time.GetUtcNow();
        await stores.Connections.RecordVerifyResultAsync(connection.Id, report.Ok, Truncate(report.Summary, 500), at, ct).ConfigureAwait(false);
        if (report.CredentialExpiresAt is { } expires)
        {
            await stores.Connections.RecordCredentialExpiryAsync(connection.Id, expires, ct).ConfigureAwait(false);
        }

        await stores.Connections.AppendAuditAsync(connection.OrganizationId, actor, "connection.verify", connection.Id, $"{connection.Name}: {(report.Ok ? "ok" : "failed")}", ct).ConfigureAwait(false);
        LogVerified(logger, connection.Name, report.Ok);
        return report;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "verified connection {Connection}: ok={Ok}")]
    private static partial void LogVerified(ILogger logger, string connection, bool ok);

    private Task<Connections.Storage.AuditEntry> AuditAsync(Caller caller, string action, Connection connection, string detail, CancellationToken ct) =>
        stores.Connections.AppendAuditAsync(caller.OrganizationId, caller.Actor, action, connection.Id, $"{connection.Name}: {detail}", ct);

    private static string? NameError(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "a name is required";
        }

        var trimmed = name.Trim();
        if (trimmed.Length > MaxNameLength)
        {
            return $"the name may be at most {MaxNameLength} characters";
        }

        return trimmed.Any(char.IsControl) ? "the name may not contain control characters" : null;
    }

    private async Task<(Connection? Draft, List<FieldError> Errors)> BuildAsync(Guid organizationId, RegistryInput input, Connection? existing, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (NameError(input.Name) is { } nameError)
        {
            errors.Add(new("name", nameError));
        }

        var typeName = string.IsNullOrWhiteSpace(input.Type) ? existing?.Type : input.Type.Trim().ToLowerInvariant();
        var type = types.Find(typeName);
        if (type is null)
        {
            errors.Add(new("type", string.IsNullOrWhiteSpace(typeName)
                ? $"a registry type is required: one of {string.Join(", ", types.All.Select(t => t.Type))}"
                : $"unknown registry type '{typeName}'; known types: {string.Join(", ", types.All.Select(t => t.Type))}"));
            return (null, errors);
        }

        var url = string.IsNullOrWhiteSpace(input.Url) ? existing?.Url ?? type.DefaultUrl : input.Url.Trim();
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(new("url", "the registry URL is required: " + type.UrlHelp));
        }
        else if (Connections.Providers.RegistryUrl.TryParse(url, out var parsed, out _))
        {
            // Malformed URLs are reported by the type's own validation below, with its URL help.
            if (!options.AllowLinkLocalRegistries && await UrlSafety.CheckAsync(parsed.Host.Hostname, ct).ConfigureAwait(false) is { } unsafeHost)
            {
                errors.Add(new("url", unsafeHost));
            }
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = existing is not null && string.Equals(existing.Type, type.Type, StringComparison.Ordinal) ? existing.Secrets : Connections.SecretBag.Empty;
        foreach (var (name, value) in input.Values)
        {
            var field = type.Field(name);
            if (field is null)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    errors.Add(new(name, $"'{name}' is not a field of type {type.Type}; its fields are: {string.Join(", ", type.Fields.Select(f => f.Name))}"));
                }

                continue;
            }

            if (field.IsSecret)
            {
                if (value is null)
                {
                    continue;
                }

                secrets = value.Length == 0 ? secrets.Without(name) : secrets.With(name, value);
            }
            else if (!string.IsNullOrWhiteSpace(value))
            {
                fields[name] = value.Trim();
            }
        }

        var connectionOptions = BuildOptions(input, existing?.Options ?? ConnectionOptions.Default, errors);
        var draft = new Connection
        {
            OrganizationId = organizationId,
            Name = input.Name?.Trim() ?? "",
            Type = type.Type,
            Url = url ?? "",
            Fields = fields.AsReadOnly(),
            Secrets = secrets,
            Options = connectionOptions,
        };

        // The type's own rules too, so one answer lists every field to fix; the first message per field wins.
        foreach (var error in types.Validate(draft))
        {
            if (!errors.Any(e => string.Equals(e.Field, error.Field, StringComparison.Ordinal)))
            {
                errors.Add(error);
            }
        }

        return (errors.Count > 0 ? null : draft, errors);
    }

    private static ConnectionOptions BuildOptions(RegistryInput input, ConnectionOptions current, List<FieldError> errors)
    {
        if (input.CacheIntervalSeconds is < 10 or > 86_400)
        {
            errors.Add(new("cacheIntervalSeconds", "the cache interval must be between 10 and 86400 seconds"));
        }

        if (input.TimeoutSeconds is < 1 or > 600)
        {
            errors.Add(new("timeoutSeconds", "the client timeout must be between 1 and 600 seconds"));
        }

        if (input.PaginateSize is < 1 or > 10_000)
        {
            errors.Add(new("paginateSize", "the page size must be between 1 and 10000"));
        }

        if (!string.IsNullOrWhiteSpace(input.RepositoriesRegex))
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(input.RepositoriesRegex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                errors.Add(new("repositoriesRegex", "not a valid regular expression: " + e.Message));
            }
        }

        var repositories = input.Repositories?.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var repository in repositories ?? [])
        {
            if (!string.Equals(repository, repository.ToLowerInvariant(), StringComparison.Ordinal) || repository.Contains(' ', StringComparison.Ordinal))
            {
                errors.Add(new("repositories", $"'{repository}' is not a repository name (lowercase path components, e.g. team/app)"));
            }
        }

        return current with
        {
            Repositories = repositories ?? current.Repositories,
            RepositoriesRegex = input.RepositoriesRegex is null ? current.RepositoriesRegex : input.RepositoriesRegex.Length == 0 ? null : input.RepositoriesRegex,
            Insecure = input.Insecure ?? current.Insecure,
            CaBundlePem = input.CaBundlePem is null ? current.CaBundlePem : input.CaBundlePem.Length == 0 ? null : input.CaBundlePem,
            CacheInterval = input.CacheIntervalSeconds is { } c ? TimeSpan.FromSeconds(c) : current.CacheInterval,
            ClientTimeout = input.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : current.ClientTimeout,
            PaginateSize = input.PaginateSize ?? current.PaginateSize,
        };
    }
}
