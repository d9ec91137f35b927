using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>DigitalOcean Container Registry: the API token is both username and password.</summary>
internal sealed class DocrProvider : RegistryProvider
{
    public override string Type => "docr";

    public override string DisplayName => "DigitalOcean Container Registry";

    public override string? DefaultUrl => "registry.digitalocean.com";

    public override string UrlHelp => "registry.digitalocean.com/<registry-name>, e.g. registry.digitalocean.com/porter-hi";

    public override string? PasswordSecretField => ProviderFieldNames.Token;

    public override IReadOnlyList<ProviderField> Fields { get; } =
    [
        new(ProviderFieldNames.Token, "DigitalOcean API token", IsSecret: true, IsRequired: true,
            "A DigitalOcean personal access token with read (and write, to push) scope; used as username and password."),
    ];

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        var token = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        return LongLived(RegistryCredential.Basic(token, token));
    }
}
