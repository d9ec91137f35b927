using Berth.Auth;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// Quay: a robot account's username (<c>org+name</c>) and token, or the robot's downloaded <c>auth.json</c>
/// (docker config) from which the entry for the connection's host is taken.
/// </summary>
internal sealed class QuayProvider : RegistryProvider
{
    public override string Type => "quay";

    public override string DisplayName => "Quay";

    public override string? DefaultUrl => "quay.io";

    public override string UrlHelp => "quay.io (or your Quay host), optionally with /<organization>";

    public override IReadOnlyList<ProviderField> Fields { get; } =
    [
        new(ProviderFieldNames.Username, "Username", IsSecret: false, IsRequired: false,
            "A robot account name such as 'myorg+deployer' (or a user name); not needed with a docker config."),
        new(ProviderFieldNames.Password, "Token", IsSecret: true, IsRequired: false,
            "The robot account's token (or the user's encrypted password)."),
        new(ProviderFieldNames.DockerConfig, "Docker config (auth.json)", IsSecret: true, IsRequired: false,
            "Instead of username and token: the auth.json/.dockercfg downloaded from the robot account's Docker Configuration tab."),
    ];

    protected override void ValidateType(ConnectionDraft draft, RegistryUrl? url, List<ValidationError> errors)
    {
        var hasUser = Has(draft, ProviderFieldNames.Username);
        var hasToken = Has(draft, ProviderFieldNames.Password);
        if (HasSecret(draft, ProviderFieldNames.DockerConfig))
        {
            if (hasUser || hasToken)
            {
                errors.Add(new ValidationError(ProviderFieldNames.DockerConfig,
                    "give either a docker config or a username and token, not both"));
            }
            else if (url is not null
                && !DockerConfigAuth.TryRead(draft.Secrets.Reveal(ProviderFieldNames.DockerConfig), url.Host.Name, out _, out _, out var error))
            {
                errors.Add(new ValidationError(ProviderFieldNames.DockerConfig, error!));
            }

            return;
        }

        if (!hasUser && !hasToken)
        {
            errors.Add(new ValidationError(ProviderFieldNames.Username,
                "Quay needs a username and token (robot account) or a docker config (auth.json)"));
        }
        else if (!hasUser)
        {
            errors.Add(Missing(FieldNamed(ProviderFieldNames.Username)));
        }
        else if (!hasToken)
        {
            errors.Add(Missing(FieldNamed(ProviderFieldNames.Password)));
        }
    }

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        if (connection.Secrets.TryReveal(ProviderFieldNames.DockerConfig, out var config) && config.Length > 0)
        {
            return DockerConfigAuth.TryRead(config, url.Host.Name, out var user, out var pass, out var error)
                ? LongLived(RegistryCredential.Basic(user, pass))
                : throw new ProviderCredentialException(Type, $"connection '{connection.Name}': {error}") { Origin = ErrorOrigin.Local };
        }

        var token = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        return LongLived(RegistryCredential.Basic(Field(connection, ProviderFieldNames.Username), token));
    }
}
