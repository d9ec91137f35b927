using System.Security.Cryptography;
using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

/// <summary>ECR, Google access tokens and ACR service principals against fakes that verify what they receive.</summary>
public sealed class TokenServiceCredentialTests
{
    private const string EcrUrl = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team";
    private readonly ManualTime _time = ManualTime.At("2026-03-01T09:00:00Z");

    private ProviderContext Context(Uri? ecr = null, Uri? google = null, Uri? azure = null, HttpMessageHandler? handler = null) => new()
    {
        Time = _time,
        Handler = handler,
        Endpoints = ProviderEndpoints.Public with
        {
            EcrOverride = ecr,
            GoogleToken = google ?? ProviderEndpoints.Public.GoogleToken,
            AzureAdAuthority = azure ?? ProviderEndpoints.Public.AzureAdAuthority,
        },
    };

    private static Connection Ecr(string secret, string accessKey = FakeEcr.AccessKeyId, string url = EcrUrl, (string, string)[]? extra = null) =>
        Make("ecr", url, [("accessKeyId", accessKey), .. extra ?? []], [("secretAccessKey", secret)]);

    [Fact]
    public async Task Ecr_signed_request_yields_AWS_user_password_and_12h_expiry()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);

        var credential = await DeriveAsync(Ecr(FakeEcr.SecretAccessKey), Context(ecr: ecr.Endpoint));

        Assert.Equal("AWS", credential.Credential.Username);
        Assert.Equal(FakeEcr.RegistryPassword, credential.Credential.Password);
        // The fake answers expiresAt = now + 12 h as epoch seconds with a fraction (.5), as AWS does.
        Assert.Equal(_time.GetUtcNow().AddHours(12).AddMilliseconds(500), credential.ExpiresAt);
        Assert.Equal(1, ecr.TokensIssued);
        Assert.Empty(ecr.Rejections);
    }

    [Fact]
    public async Task Ecr_region_comes_from_the_region_field_for_a_custom_host()
    {
        await using var ecr = await FakeEcr.StartAsync(_time, region: "eu-central-1");

        var credential = await DeriveAsync(Ecr(FakeEcr.SecretAccessKey, url: "ecr.internal.example", extra: [("region", "eu-central-1")]), Context(ecr: ecr.Endpoint));

        Assert.Equal("AWS", credential.Credential.Username);
    }

    [Fact]
    public async Task Ecr_china_url_signs_for_its_region()
    {
        await using var ecr = await FakeEcr.StartAsync(_time, region: "cn-north-1");

        var credential = await DeriveAsync(Ecr(FakeEcr.SecretAccessKey, url: "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"), Context(ecr: ecr.Endpoint));

        Assert.Equal(FakeEcr.RegistryPassword, credential.Credential.Password);
    }

    [Fact]
    public async Task Ecr_wrong_secret_is_refused_with_invalid_signature_and_the_secret_is_not_in_the_message()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        const string wrong = "wrong/Secret+Key/0000000000000000000000";

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(Ecr(wrong), Context(ecr: ecr.Endpoint)));

        Assert.Equal("InvalidSignatureException", ex.ErrorCode);
        Assert.Equal(403, ex.StatusCode);
        Assert.StartsWith($"ECR refused GetAuthorizationToken for access key {FakeEcr.AccessKeyId} in us-east-1 (403 InvalidSignatureException: The request signature we calculated does not match", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
    }

    [Fact]
    public async Task Ecr_unknown_access_key_is_an_unrecognized_client()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(Ecr(FakeEcr.SecretAccessKey, accessKey: "AKIAUNKNOWN000000000"), Context(ecr: ecr.Endpoint)));

        Assert.Equal("UnrecognizedClientException", ex.ErrorCode);
        Assert.Contains("The security token included in the request is invalid.", ex.Message);
    }

    [Fact]
    public async Task Ecr_header_tampered_after_signing_is_refused()
    {
        await using var ecr = await FakeEcr.StartAsync(_time);
        using var tamper = new TamperingHandler("X-Amz-Date", v => v[..^3] + "01Z");

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(Ecr(FakeEcr.SecretAccessKey), Context(ecr: ecr.Endpoint, handler: tamper)));

        Assert.Equal("InvalidSignatureException", ex.ErrorCode);
        Assert.Equal(["InvalidSignatureException"], ecr.Rejections);
    }

    [Fact]
    public async Task Google_access_token_mode_exchanges_a_signed_jwt()
    {
        using var key = RSA.Create(2048);
        await using var google = await FakeGoogleOAuth.StartAsync(key, _time);
        var connection = Make("gar", "us-docker.pkg.dev/my-project-123456/images", [("authMode", "accessToken")], [("keyJson", FakeGoogleOAuth.KeyJson(key))]);

        var credential = await DeriveAsync(connection, Context(google: google.TokenEndpoint));

        Assert.Equal("oauth2accesstoken", credential.Credential.Username);
        Assert.Equal("ya29.fake-access-token-1", credential.Credential.Password);
        Assert.Equal(_time.GetUtcNow().AddSeconds(3599), credential.ExpiresAt);
        Assert.Empty(google.Rejections);
    }

    [Fact]
    public async Task Google_refuses_a_jwt_signed_with_another_key()
    {
        using var registered = RSA.Create(2048);
        using var other = RSA.Create(2048);
        await using var google = await FakeGoogleOAuth.StartAsync(registered, _time);
        var connection = Make("gcr", "gcr.io/my-project-123456", [("authMode", "accessToken")], [("keyJson", FakeGoogleOAuth.KeyJson(other))]);

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(connection, Context(google: google.TokenEndpoint)));

        Assert.Equal("invalid_grant", ex.ErrorCode);
        Assert.Equal($"Google token endpoint refused service account {FakeGoogleOAuth.ClientEmail} (400 invalid_grant: Invalid JWT Signature.); check that the key is active and the account exists", ex.Message);
        Assert.DoesNotContain("PRIVATE KEY", ex.ToString());
    }

    [Fact]
    public async Task Acr_service_principal_gets_a_refresh_token_via_aad_and_exchange()
    {
        await using var azure = await FakeAzure.StartAsync(_time);
        var connection = Make("acr", azure.RegistryUrl, [("tenantId", FakeAzure.Tenant), ("clientId", FakeAzure.ClientId)], [("clientSecret", FakeAzure.ClientSecret)]);

        var credential = await DeriveAsync(connection, Context(azure: azure.Authority));

        Assert.Equal("00000000-0000-0000-0000-000000000000", credential.Credential.Username);
        Assert.Null(credential.Credential.Password);
        Assert.Equal(azure.LastRefreshToken, credential.Credential.IdentityToken);
        Assert.Equal(_time.GetUtcNow().AddHours(3), credential.ExpiresAt);
        Assert.Equal(1, azure.Exchanges);
    }

    [Fact]
    public async Task Acr_wrong_client_secret_reports_aad_error_without_the_secret()
    {
        await using var azure = await FakeAzure.StartAsync(_time);
        const string wrong = "not~the~secret~999";
        var connection = Make("acr", azure.RegistryUrl, [("tenantId", FakeAzure.Tenant), ("clientId", FakeAzure.ClientId)], [("clientSecret", wrong)]);

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(connection, Context(azure: azure.Authority)));

        Assert.Equal($"Azure AD refused client {FakeAzure.ClientId} in tenant {FakeAzure.Tenant} (401 invalid_client: AADSTS7000215: Invalid client secret provided.); check the tenant ID, client ID and client secret", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.Equal(0, azure.Exchanges);
    }

    [Fact]
    public async Task Acr_unknown_tenant_is_refused()
    {
        await using var azure = await FakeAzure.StartAsync(_time);
        var connection = Make("acr", azure.RegistryUrl, [("tenantId", "00000000-1111-2222-3333-444444444444"), ("clientId", FakeAzure.ClientId)], [("clientSecret", FakeAzure.ClientSecret)]);

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() => DeriveAsync(connection, Context(azure: azure.Authority)));

        Assert.Equal("invalid_request", ex.ErrorCode);
        Assert.Contains("AADSTS90002", ex.Message);
    }

    [Fact]
    public async Task Unreachable_token_service_says_which_one()
    {
        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() =>
            DeriveAsync(Ecr(FakeEcr.SecretAccessKey), Context(ecr: new Uri("http://127.0.0.1:9/"))));

        Assert.StartsWith("could not reach the ECR API at http://127.0.0.1:9", ex.Message);
    }

    /// <summary>Changes one header after the provider has signed the request, as a man in the middle would.</summary>
    private sealed class TamperingHandler(string header, Func<string, string> change) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var value = request.Headers.GetValues(header).Single();
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, change(value));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
