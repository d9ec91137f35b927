using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Auth;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// OAuth2 service-account flow (RFC 7523): a JWT signed RS256 with the key's private key, exchanged at the
/// token endpoint for an access token that registries accept as password for <c>oauth2accesstoken</c>.
/// </summary>
internal static class GoogleAccessTokenClient
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public const string AccessTokenUsername = "oauth2accesstoken";
    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromHours(1);

    public static async Task<ProviderCredential> GetAsync(string type, GoogleServiceAccountKey key, ProviderContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.Endpoints.GoogleToken;
        var assertion = CreateAssertion(type, key, endpoint, context.Time.GetUtcNow());
        using var http = context.CreateHttpClient();
        using var content = new FormUrlEncodedContent(
        [
            new("grant_type", GrantType),
            new("assertion", assertion),
        ]);
        using var response = await ProviderHttp.SendAsync(http, new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content }, type, "Google OAuth token endpoint", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var (code, description) = ProviderHttp.OAuthError(body);
            throw new ProviderCredentialException(type,
                $"Google token endpoint refused service account {key.ClientEmail} ({(int)response.StatusCode}{(code is null ? "" : " " + code)}{(description is null ? "" : ": " + description)}); check that the key is active and the account exists",
                (int)response.StatusCode, code);
        }

        using var json = ProviderHttp.ParseJson(type, "Google token endpoint", body);
        var token = ProviderHttp.String(json.RootElement, "access_token")
            ?? throw new ProviderCredentialException(type, "Google token endpoint answered without an access_token");
        var expiresIn = ProviderHttp.Number(json.RootElement, "expires_in") ?? 3600;
        return new ProviderCredential(RegistryCredential.Basic(AccessTokenUsername, token), context.Time.GetUtcNow().AddSeconds(expiresIn));
    }

    /// <summary>The signed JWT assertion: iss = the service account, aud = the token endpoint, 1 h lifetime.</summary>
    public static string CreateAssertion(string type, GoogleServiceAccountKey key, Uri audience, DateTimeOffset now)
    {
        var header = new StringBuilder("{\"alg\":\"RS256\",\"typ\":\"JWT\"");
        if (key.PrivateKeyId is { } kid)
        {
            header.Append(",\"kid\":").Append(JsonSerializer.Serialize(kid, ProviderJsonContext.Default.String));
        }

        header.Append('}');
        var iat = now.ToUnixTimeSeconds();
        var claims = string.Create(CultureInfo.InvariantCulture,
            $"{{\"iss\":{Quote(key.ClientEmail)},\"scope\":{Quote(Scope)},\"aud\":{Quote(audience.ToString())},\"iat\":{iat},\"exp\":{iat + (long)AssertionLifetime.TotalSeconds}}}");
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims));
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(key.PrivateKeyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new ProviderCredentialException(type, $"the private_key of service account {key.ClientEmail} is not a readable RSA key in PEM form; download a new JSON key", inner: ex)
            {
                Origin = ErrorOrigin.Local,
            };
        }

        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, ProviderJsonContext.Default.String);

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
