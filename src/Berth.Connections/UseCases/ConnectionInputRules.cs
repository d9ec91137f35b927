using System.Text.RegularExpressions;
using Berth.Connections.Providers;
using Berth.Transport;

namespace Berth.Connections.UseCases;

/// <summary>
/// Turns a <see cref="ConnectionInput"/> into a connection ready to save, or every field error at once: the
/// name, type, URL (and the address policy), the type's fields, the options, then the type's own rules.
/// Field names are the API's (camelCase), so a message reads the same from the CLI, the API and the dashboard.
/// </summary>
internal static class ConnectionInputRules
{
    public const int MaxNameLength = 100;

    public static string? NameError(string? name)
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

    public static async Task<Connection> BuildAsync(Guid organizationId, ConnectionInput input, Connection? existing, ConnectionPolicy policy,
        AddressPolicy addresses, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        var typeName = string.IsNullOrWhiteSpace(input.Type) ? existing?.Type : input.Type.Trim().ToLowerInvariant();
        if (!ProviderCatalog.TryGet(typeName, out var provider))
        {
            var known = string.Join(", ", ProviderCatalog.KnownTypes);
            errors.Add(new("type", string.IsNullOrWhiteSpace(typeName)
                ? $"a registry type is required: one of {known}"
                : $"unknown registry type '{typeName}'; known types: {known}"));
            throw new ConnectionValidationException(typeName ?? "", errors);
        }

        var url = string.IsNullOrWhiteSpace(input.Url) ? existing?.Url ?? provider.DefaultUrl : input.Url.Trim();
        RegistryUrl? parsed = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(new("url", "the registry URL is required: " + provider.UrlHelp));
        }
        else if (RegistryUrl.TryParse(url, out parsed, out _)
            && await addresses.CheckAsync(parsed.Host.Hostname, ct).ConfigureAwait(false) is { } refused)
        {
            // Malformed URLs are reported by the type's own validation below, with its URL help. The same policy
            // refuses the address again at every connection; this is the early, friendly answer.
            errors.Add(new("url", UrlRefusal(refused)));
        }

        var name = string.IsNullOrWhiteSpace(input.Name) ? existing?.Name ?? parsed?.Host.Name : input.Name.Trim();
        if (NameError(name) is { } nameError)
        {
            errors.Add(new("name", nameError));
        }

        var fields = existing is not null && string.Equals(existing.Type, provider.Type, StringComparison.Ordinal)
            ? new Dictionary<string, string>(existing.Fields, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = existing is not null && string.Equals(existing.Type, provider.Type, StringComparison.Ordinal) ? existing.Secrets : SecretBag.Empty;
        foreach (var (fieldName, value) in input.Values)
        {
            var field = provider.Fields.FirstOrDefault(f => string.Equals(f.Name, fieldName, StringComparison.Ordinal));
            if (field is null)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    errors.Add(new(fieldName, $"'{fieldName}' is not a field of type {provider.Type}; its fields are: {string.Join(", ", provider.Fields.Select(f => f.Name))}"));
                }

                continue;
            }

            if (value is null)
            {
                continue;
            }

            if (field.IsSecret)
            {
                secrets = value.Length == 0 ? secrets.Without(fieldName) : secrets.With(fieldName, value);
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                fields.Remove(fieldName);
            }
            else
            {
                fields[fieldName] = value.Trim();
            }
        }

        var options = Options(input, typeName, existing?.Options ?? ConnectionOptions.Default, policy, errors);
        var draft = new Connection
        {
            Id = existing?.Id ?? Guid.Empty,
            OrganizationId = organizationId,
            Name = name ?? "",
            Type = provider.Type,
            Url = url ?? "",
            Fields = fields.AsReadOnly(),
            Secrets = secrets,
            Options = options,
        };

        // The type's own rules too, so one answer lists every field to fix; the first message per field wins.
        foreach (var error in provider.Validate(ConnectionDraft.From(draft)))
        {
            if (!errors.Any(e => string.Equals(e.Field, error.Field, StringComparison.Ordinal)))
            {
                errors.Add(error);
            }
        }

        return errors.Count > 0 ? throw new ConnectionValidationException(provider.Type, errors) : draft;
    }

    /// <summary>The <c>url</c> field's message for a refused registry host (create, update and verify).</summary>
    public static string UrlRefusal(RestrictedAddressException refused) =>
        $"{refused.Finding}; registry URLs may not point at link-local or cloud metadata addresses";

    private static ConnectionOptions Options(ConnectionInput input, string? type, ConnectionOptions current, ConnectionPolicy policy, List<ValidationError> errors)
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
                _ = new Regex(input.RepositoriesRegex, RegexOptions.None, TimeSpan.FromSeconds(1));
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

        string? apiPath = null;
        if (!string.IsNullOrWhiteSpace(input.ApiPath) && !ApiRoute.TryNormalize(input.ApiPath, out apiPath, out var apiPathError))
        {
            errors.Add(new("apiPath", apiPathError));
        }

        if (input.CreateRepositories == true && !string.Equals(type, "ecr", StringComparison.Ordinal))
        {
            errors.Add(new("createRepositories", "only an ecr connection can create repositories (through ECR's CreateRepository); other registries create them on push or in their own console"));
        }

        var localSource = !string.IsNullOrWhiteSpace(input.PasswordFile) || input.PasswordCommand is { Count: > 0 };
        if (localSource && !policy.AllowLocalPasswordSources)
        {
            errors.Add(new(input.PasswordFile is null ? "passwordCommand" : "passwordFile",
                "password files and commands run on the machine that uses the connection, so only the CLI may set them; send the password itself"));
        }

        return current with
        {
            Repositories = repositories ?? current.Repositories,
            RepositoriesRegex = input.RepositoriesRegex is null ? current.RepositoriesRegex : input.RepositoriesRegex.Length == 0 ? null : input.RepositoriesRegex,
            Insecure = input.Insecure ?? current.Insecure,
            CaBundlePem = input.CaBundlePem is null ? current.CaBundlePem : input.CaBundlePem.Length == 0 ? null : input.CaBundlePem,
            CacheInterval = input.CacheIntervalSeconds is { } c ? TimeSpan.FromSeconds(c) : current.CacheInterval,
            ClientTimeout = input.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : current.ClientTimeout,
            PaginateSize = Providers.ProviderPageLimits.Clamp(input.Type, input.PaginateSize) ?? current.PaginateSize,
            ApiPath = input.ApiPath is null ? current.ApiPath : apiPath,
            CreateRepositories = input.CreateRepositories ?? current.CreateRepositories,
            PasswordFile = input.PasswordFile is null ? current.PasswordFile : input.PasswordFile.Length == 0 ? null : input.PasswordFile,
            PasswordCommand = input.PasswordCommand ?? current.PasswordCommand,
        };
    }
}
