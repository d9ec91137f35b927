using Berth.Auth;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// Shared validation (URL, namespace path, required fields, one password source at most) and password-source
/// resolution; each type adds its own checks and credential derivation.
/// </summary>
internal abstract class RegistryProvider : IRegistryProvider
{
    public abstract string Type { get; }

    public abstract string DisplayName { get; }

    public virtual string? DefaultUrl => null;

    public abstract string UrlHelp { get; }

    public virtual bool AllowsNamespacePath => true;

    public virtual bool HasCatalog => true;

    public abstract IReadOnlyList<ProviderField> Fields { get; }

    public virtual string? PasswordSecretField => ProviderFieldNames.Password;

    public IReadOnlyList<ValidationError> Validate(ConnectionDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<ValidationError>();
        var url = ValidateUrl(draft, errors);
        ValidatePasswordSources(draft, errors);
        foreach (var field in Fields.Where(f => f.IsRequired))
        {
            if (!Has(draft, field.Name))
            {
                errors.Add(Missing(field));
            }
        }

        ValidateType(draft, url, errors);
        return errors;
    }

    public async Task<ProviderCredential> GetCredentialAsync(Connection connection, ProviderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        var errors = Validate(ConnectionDraft.From(connection));
        if (errors.Count > 0)
        {
            throw new ConnectionValidationException(Type, errors);
        }

        return await DeriveAsync(connection, RegistryUrl.Parse(EffectiveUrl(connection.Url)!), context, cancellationToken).ConfigureAwait(false);
    }

    public virtual Distribution.IRepositoryCreator? RepositoryCreator(Connection connection, ProviderContext context) => null;

    protected abstract Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken);

    /// <summary>Type-specific checks, run after the shared ones; <paramref name="url"/> is null when the URL is invalid.</summary>
    protected virtual void ValidateType(ConnectionDraft draft, RegistryUrl? url, List<ValidationError> errors)
    {
    }

    /// <summary>Why this URL's namespace path is not acceptable, or null when it is.</summary>
    protected virtual string? CheckPath(RegistryUrl url) =>
        AllowsNamespacePath || !url.HasPath
            ? null
            : $"{DisplayName} URL '{url}' must not have a path; use '{url.Host.Name}' ({UrlHelp})";

    protected ProviderField FieldNamed(string name) => Fields.First(f => f.Name == name);

    protected ValidationError Missing(ProviderField field) =>
        new(field.Name, field.Name == PasswordSecretField
            ? $"{field.Label} is required for {DisplayName}: give {field.Name}, a password file or a password command"
            : $"{field.Label} is required for {DisplayName}");

    /// <summary>Whether a field has a value; the password secret also counts as present through a file or command.</summary>
    protected bool Has(ConnectionDraft draft, string name)
    {
        var field = Fields.FirstOrDefault(f => f.Name == name);
        if (field is null || !field.IsSecret)
        {
            return draft.Field(name) is not null;
        }

        return (draft.Secrets.TryReveal(name, out var value) && value.Length > 0)
            || (name == PasswordSecretField && HasPasswordSource(draft.Options));
    }

    protected static bool HasSecret(ConnectionDraft draft, string name) =>
        draft.Secrets.TryReveal(name, out var value) && value.Length > 0;

    protected static string Field(Connection connection, string name) =>
        connection.Fields.TryGetValue(name, out var value) ? value.Trim() : "";

    /// <summary>
    /// The password secret from the connection, its password file (trimmed) or its password command (Halyard
    /// semantics); null when none is given.
    /// </summary>
    protected async Task<string?> ResolvePasswordAsync(Connection connection, ProviderContext context, CancellationToken cancellationToken)
    {
        if (PasswordSecretField is { } name && connection.Secrets.TryReveal(name, out var secret) && secret.Length > 0)
        {
            return secret;
        }

        var options = connection.Options;
        if (!string.IsNullOrWhiteSpace(options.PasswordFile))
        {
            return await ReadPasswordFileAsync(options.PasswordFile, cancellationToken).ConfigureAwait(false);
        }

        if (options.PasswordCommand.Count > 0)
        {
            return await context.PasswordCommands.GetAsync(connection.Id, options.PasswordCommand, options.CacheInterval, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    protected async Task<string> RequirePasswordAsync(Connection connection, ProviderContext context, CancellationToken cancellationToken) =>
        await ResolvePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false)
        ?? throw new ProviderCredentialException(Type, $"connection '{connection.Name}' has no {PasswordSecretField}, password file or password command")
        {
            Origin = ErrorOrigin.Local,
        };

    protected static string RequireSecret(Connection connection, string name) => connection.Secrets.Reveal(name);

    protected static ProviderCredential LongLived(RegistryCredential credential) => new(credential, null);

    internal static async Task<string> ReadPasswordFileAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PasswordFileException(path, $"password file '{path}' could not be read: {ex.Message}", ex);
        }

        var password = text.Trim();
        return password.Length > 0
            ? password
            : throw new PasswordFileException(path, $"password file '{path}' is empty");
    }

    private static bool HasPasswordSource(ConnectionOptions options) =>
        !string.IsNullOrWhiteSpace(options.PasswordFile) || options.PasswordCommand.Count > 0;

    private string? EffectiveUrl(string? url) => string.IsNullOrWhiteSpace(url) ? DefaultUrl : url;

    private RegistryUrl? ValidateUrl(ConnectionDraft draft, List<ValidationError> errors)
    {
        var text = EffectiveUrl(draft.Url);
        if (text is null)
        {
            errors.Add(new ValidationError(ProviderFieldNames.Url, $"registry URL is required for {DisplayName}: {UrlHelp}"));
            return null;
        }

        if (!RegistryUrl.TryParse(text, out var url, out var error))
        {
            errors.Add(new ValidationError(ProviderFieldNames.Url, error));
            return null;
        }

        if (CheckPath(url) is { } pathError)
        {
            errors.Add(new ValidationError(ProviderFieldNames.Url, pathError));
        }

        return url;
    }

    private void ValidatePasswordSources(ConnectionDraft draft, List<ValidationError> errors)
    {
        var sources = new List<string>();
        if (PasswordSecretField is { } name && HasSecret(draft, name))
        {
            sources.Add(name);
        }

        if (!string.IsNullOrWhiteSpace(draft.Options.PasswordFile))
        {
            sources.Add("password file");
        }

        if (draft.Options.PasswordCommand.Count > 0)
        {
            sources.Add("password command");
        }

        if (PasswordSecretField is null)
        {
            if (sources.Count > 0)
            {
                errors.Add(new ValidationError(ProviderFieldNames.PasswordFile,
                    $"{DisplayName} does not take a password file or password command"));
            }

            return;
        }

        if (sources.Count > 1)
        {
            errors.Add(new ValidationError(PasswordSecretField,
                $"give only one of {PasswordSecretField}, password file and password command; found {string.Join(", ", sources.SkipLast(1))} and {sources[^1]}"));
        }

        if (draft.Options.PasswordCommand.Count > 0 && string.IsNullOrWhiteSpace(draft.Options.PasswordCommand[0]))
        {
            errors.Add(new ValidationError(ProviderFieldNames.PasswordCommand, "password command is empty; give the program and its arguments"));
        }
    }
}
