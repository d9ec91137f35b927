using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>IBM Cloud Container Registry: username <c>iamapikey</c> with an IAM API key as the password.</summary>
internal sealed class IbmProvider : RegistryProvider
{
    public const string ApiKeyUsername = "iamapikey";

    public override string Type => "ibm";

    public override string DisplayName => "IBM Cloud Container Registry";

    public override string? DefaultUrl => "icr.io";

    public override string UrlHelp => "icr.io or a regional host (us.icr.io, de.icr.io …), optionally with /<namespace>";

    public override string? PasswordSecretField => ProviderFieldNames.ApiKey;

    public override IReadOnlyList<ProviderField> Fields { get; } =
    [
        new(ProviderFieldNames.ApiKey, "IAM API key", IsSecret: true, IsRequired: true,
            "An IBM Cloud IAM API key (the BLUEMIX_API_KEY / IBMCLOUD_API_KEY value); sent with username 'iamapikey'."),
    ];

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        var key = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        return LongLived(RegistryCredential.Basic(ApiKeyUsername, key));
    }
}
