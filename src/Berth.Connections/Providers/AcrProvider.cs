using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Auth;

namespace Berth.Connections.Providers;

/// <summary>
/// Azure Container Registry: the admin user as given, or a service principal whose Azure AD token
/// (client-credentials grant) is exchanged at the registry's <c>/oauth2/exchange</c> for an ACR refresh token,
/// presented as an identity token with the all-zero GUID username.
/// </summary>
internal sealed partial class AcrProvider : RegistryProvider
{
    public const string RefreshTokenUsername = "00000000-0000-0000-0000-000000000000";
    public const string AadScope = "https://containerregistry.azure.net/.default";

    // ACR refresh tokens last three hours; used when the token's own exp cannot be read.
    private static readonly TimeSpan DefaultRefreshTokenLifetime = TimeSpan.FromHours(3);

    public override string Type => "acr";

    public override string DisplayName => "Azure Container Registry";

    public override string UrlHelp => "<registry-name>.azurecr.io";

    public override bool AllowsNamespacePath => false;

    public override IReadOnlyList<ProviderField> Fields { get; } =
    [
        new(ProviderFieldNames.Username, "Admin username", IsSecret: false, IsRequired: false,
            "The registry's admin user (Access keys page, Admin user enabled); leave empty for a service principal."),
        new(ProviderFieldNames.Password, "Admin password", IsSecret: true, IsRequired: false,
            "The admin user's password."),
        new(ProviderFieldNames.TenantId, "Tenant ID", IsSecret: false, IsRequired: false,
            "Service principal: the Azure AD tenant (directory) ID."),
        new(ProviderFieldNames.ClientId, "Client ID", IsSecret: false, IsRequired: false,
            "Service principal: the application (client) ID, with AcrPull (or AcrPush) on the registry."),
        new(ProviderFieldNames.ClientSecret, "Client secret", IsSecret: true, IsRequired: false,
            "Service principal: a client secret of that application."),
    ];

    protected override void ValidateType(ConnectionDraft draft, RegistryUrl? url, List<ValidationError> errors)
    {
        var admin = Has(draft, ProviderFieldNames.Username) || Has(draft, ProviderFieldNames.Password);
        var principal = Has(draft, ProviderFieldNames.TenantId) || Has(draft, ProviderFieldNames.ClientId) || Has(draft, ProviderFieldNames.ClientSecret);
        if (admin && principal)
        {
            errors.Add(new ValidationError(ProviderFieldNames.Username,
                "give either the admin username and password or a service principal (tenantId, clientId, clientSecret), not both"));
            return;
        }

        if (!admin && !principal)
        {
            errors.Add(new ValidationError(ProviderFieldNames.Username,
                "Azure Container Registry needs the admin username and password or a service principal (tenantId, clientId, clientSecret)"));
            return;
        }

        // The tenant goes into the Azure AD token URL's path: only a tenant ID or a tenant domain may.
        if (draft.Field(ProviderFieldNames.TenantId) is { } tenant && !IsTenant(tenant))
        {
            errors.Add(new ValidationError(ProviderFieldNames.TenantId,
                $"'{tenant}' is not an Azure AD tenant: give the tenant (directory) ID, a GUID, or its domain such as contoso.onmicrosoft.com"));
        }

        var needed = admin
            ? new[] { ProviderFieldNames.Username, ProviderFieldNames.Password }
            : [ProviderFieldNames.TenantId, ProviderFieldNames.ClientId, ProviderFieldNames.ClientSecret];
        foreach (var name in needed.Where(n => !Has(draft, n)))
        {
            var field = FieldNamed(name);
            errors.Add(new ValidationError(name, admin
                ? $"{field.Label} is required with the admin {(name == ProviderFieldNames.Username ? "password" : "username")}"
                : $"{field.Label} is required for a service principal"));
        }
    }

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        var tenant = Field(connection, ProviderFieldNames.TenantId);
        if (tenant.Length == 0)
        {
            var password = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
            return LongLived(RegistryCredential.Basic(Field(connection, ProviderFieldNames.Username), password));
        }

        var clientId = Field(connection, ProviderFieldNames.ClientId);
        var clientSecret = RequireSecret(connection, ProviderFieldNames.ClientSecret);
        using var http = context.CreateHttpClient();
        var aadToken = await GetAadTokenAsync(http, context.Endpoints.AzureAdAuthority, tenant, clientId, clientSecret, cancellationToken).ConfigureAwait(false);
        // The exchange is on the registry's host, so it trusts the connection's CA bundle; Azure AD is not.
        using var registryHttp = context.CreateHttpClient(connection);
        var refreshToken = await ExchangeAsync(registryHttp, url, tenant, aadToken, cancellationToken).ConfigureAwait(false);
        var expiresAt = JwtExpiry(refreshToken) ?? context.Time.GetUtcNow() + DefaultRefreshTokenLifetime;
        return new ProviderCredential(RegistryCredential.Identity(RefreshTokenUsername, refreshToken), expiresAt);
    }

    private async Task<string> GetAadTokenAsync(HttpClient http, Uri authority, string tenant, string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        // A validated tenant as one escaped path segment under the authority: it can change neither host nor path above it.
        var endpoint = new Uri(authority, $"{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token");
        var content = new FormUrlEncodedContent(
        [
            new("grant_type", "client_credentials"),
            new("client_id", clientId),
            new("client_secret", clientSecret),
            new("scope", AadScope),
        ]);
        using var response = await ProviderHttp.SendAsync(http, new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content }, Type, "Azure AD token endpoint", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var (code, description) = ProviderHttp.OAuthError(body);
            throw new ProviderCredentialException(Type,
                $"Azure AD refused client {clientId} in tenant {tenant} ({(int)response.StatusCode}{(code is null ? "" : " " + code)}{(description is null ? "" : ": " + description)}); check the tenant ID, client ID and client secret",
                (int)response.StatusCode, code);
        }

        using var json = ProviderHttp.ParseJson(Type, "Azure AD token endpoint", body);
        return ProviderHttp.String(json.RootElement, "access_token")
            ?? throw new ProviderCredentialException(Type, "Azure AD answered without an access_token");
    }

    private async Task<string> ExchangeAsync(HttpClient http, RegistryUrl url, string tenant, string aadToken, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(url.BaseUri, "oauth2/exchange");
        var content = new FormUrlEncodedContent(
        [
            new("grant_type", "access_token"),
            new("service", url.Host.Name),
            new("tenant", tenant),
            new("access_token", aadToken),
        ]);
        using var response = await ProviderHttp.SendAsync(http, new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content }, Type, "registry's token exchange", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var (code, description) = ProviderHttp.OAuthError(body);
            throw new ProviderCredentialException(Type,
                $"{url.Host.Name} refused to exchange the Azure AD token ({(int)response.StatusCode}{(code is null ? "" : " " + code)}{(description is null ? "" : ": " + description)}); check that the service principal has a role (AcrPull) on the registry",
                (int)response.StatusCode, code);
        }

        using var json = ProviderHttp.ParseJson(Type, "registry's token exchange", body);
        return ProviderHttp.String(json.RootElement, "refresh_token")
            ?? throw new ProviderCredentialException(Type, $"{url.Host.Name} answered the token exchange without a refresh_token");
    }

    /// <summary>A tenant (directory) ID or a verified domain of the tenant.</summary>
    internal static bool IsTenant(string tenant) =>
        Guid.TryParseExact(tenant, "D", out _) || TenantDomain().IsMatch(tenant);

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TenantDomain();

    /// <summary>The <c>exp</c> claim of a JWT, read without verifying it (only to know when to refresh).</summary>
    internal static DateTimeOffset? JwtExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return ProviderHttp.Number(document.RootElement, "exp") is { } exp ? DateTimeOffset.FromUnixTimeSeconds((long)exp) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
