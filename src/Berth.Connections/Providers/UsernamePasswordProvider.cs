using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>Types whose credential is the username and password/token as given: generic, dockerhub, ghcr, jfrog.</summary>
internal sealed class UsernamePasswordProvider(
    string type,
    string displayName,
    string? defaultUrl,
    string urlHelp,
    bool hasCatalog,
    bool credentialsRequired,
    ProviderField username,
    ProviderField password,
    Func<RegistryUrl, string?>? pathRule = null) : RegistryProvider
{
    public override string Type => type;

    public override string DisplayName => displayName;

    public override string? DefaultUrl => defaultUrl;

    public override string UrlHelp => urlHelp;

    public override bool HasCatalog => hasCatalog;

    public override IReadOnlyList<ProviderField> Fields { get; } = [username, password];

    protected override string? CheckPath(RegistryUrl url) => pathRule?.Invoke(url) ?? base.CheckPath(url);

    protected override void ValidateType(ConnectionDraft draft, RegistryUrl? url, List<ValidationError> errors)
    {
        if (credentialsRequired)
        {
            return;
        }

        // Anonymous access is fine, but half a credential is a mistake worth naming.
        var hasUser = Has(draft, username.Name);
        var hasPassword = Has(draft, password.Name);
        if (hasPassword && !hasUser)
        {
            errors.Add(new ValidationError(username.Name, $"{username.Label} is required when a password is given"));
        }
        else if (hasUser && !hasPassword)
        {
            errors.Add(new ValidationError(password.Name, $"{password.Label} is required with a username: give {password.Name}, a password file or a password command"));
        }
    }

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        var user = Field(connection, username.Name);
        var secret = await ResolvePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        return user.Length == 0 || secret is null
            ? LongLived(RegistryCredential.Anonymous)
            : LongLived(RegistryCredential.Basic(user, secret));
    }
}
