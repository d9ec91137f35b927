using System.Security.Cryptography;
using Berth.Auth;
using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

/// <summary>No secret in any exception message or ToString the providers produce.</summary>
public sealed class SecretLeakTests
{
    private const string Secret = "SUPER-SECRET-VALUE-0123456789";

    [Fact]
    public async Task Derived_credentials_print_without_their_secrets()
    {
        var credential = await DeriveAsync(Make("docr", "", secrets: [("token", Secret)]));

        Assert.DoesNotContain(Secret, credential.ToString());
        Assert.DoesNotContain(Secret, credential.Credential.ToString());
    }

    [Fact]
    public void Identity_credentials_print_without_the_refresh_token()
    {
        var credential = new ProviderCredential(RegistryCredential.Identity("00000000-0000-0000-0000-000000000000", Secret), DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain(Secret, credential.ToString());
    }

    [Fact]
    public void Validation_errors_about_a_key_never_quote_it()
    {
        using var rsa = RSA.Create(2048);
        var key = FakeGoogleOAuth.KeyJson(rsa);
        var broken = key.Replace("\"type\":\"service_account\"", "\"type\":\"x\"", StringComparison.Ordinal)[..^1] + Secret;

        var errors = ProviderCatalog.Validate(Draft("gcr", "gcr.io/p", secrets: [("keyJson", broken)]));
        var exception = new ConnectionValidationException("gcr", errors);

        Assert.NotEmpty(errors);
        Assert.DoesNotContain(Secret, exception.ToString());
        Assert.DoesNotContain("PRIVATE KEY", exception.ToString());
    }

    [Fact]
    public void Docker_config_errors_never_quote_the_config()
    {
        var config = "{\"auths\":{\"quay.io\":{\"auth\":\"" + Secret + "\"}}}";

        var errors = ProviderCatalog.Validate(Draft("quay", null, secrets: [("dockerConfig", config)]));

        Assert.Equal("dockerConfig: the docker config entry for quay.io has an 'auth' value that is not base64", Assert.Single(errors).ToString());
    }

    [Fact]
    public async Task Password_command_errors_name_only_the_program()
    {
        var ex = await Assert.ThrowsAsync<PasswordCommandException>(() =>
            new PasswordCommandRunner().RunAsync(["sh", "-c", "exit 2", Secret], CancellationToken.None));

        Assert.DoesNotContain(Secret, ex.ToString());
    }

    [Fact]
    public async Task Token_service_refusals_never_carry_the_secret()
    {
        var time = ManualTime.At("2026-03-01T09:00:00Z");
        await using var ecr = await FakeEcr.StartAsync(time);
        var connection = Make("ecr", "123456789012.dkr.ecr.us-east-1.amazonaws.com", [("accessKeyId", FakeEcr.AccessKeyId)], [("secretAccessKey", Secret)]);

        var ex = await Assert.ThrowsAsync<ProviderCredentialException>(() =>
            DeriveAsync(connection, new ProviderContext { Time = time, Endpoints = ProviderEndpoints.Public with { EcrOverride = ecr.Endpoint } }));

        Assert.DoesNotContain(Secret, ex.ToString());
        Assert.DoesNotContain(Secret, connection.ToString());
    }
}
