using Berth.Connections.Docker;
using Berth.Connections.Providers;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Errors;

namespace Berth.Connections.Tests;

/// <summary>Every error Connections raises has a category, and a provider API's answer decides a provider error's.</summary>
public sealed class ErrorCategoryTests
{
    [Fact]
    public void Every_exception_connections_declares_is_a_berth_exception()
    {
        var exceptions = typeof(Connection).Assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(BerthException).IsAssignableFrom(t), $"{t.FullName} does not derive from BerthException"));
    }

    public static TheoryData<BerthException, ErrorCategory> Fixed() => new()
    {
        { new ConnectionValidationException("generic", [new ValidationError("url", "is required")]), ErrorCategory.Usage },
        { new UnknownRegistryTypeException("harbor", ["generic"]), ErrorCategory.Usage },
        { new DatabaseSettingException("cannot be parsed"), ErrorCategory.Usage },
        { new HelperCredentialNotSupportedException("not a registry address"), ErrorCategory.Usage },
        { new RepositoryListingNotSupportedException("ghcr", "list them explicitly"), ErrorCategory.Usage },
        { new ConnectionNotFoundException(Guid.Empty), ErrorCategory.NotFound },
        { new OrganizationNotFoundException(Guid.Empty), ErrorCategory.NotFound },
        { new DuplicateConnectionNameException("dup", "default"), ErrorCategory.Conflict },
        { new MasterKeyException("not base64"), ErrorCategory.Failed },
        { new MasterKeyMismatchException("BERTH_MASTER_KEY", "a", "b"), ErrorCategory.Failed },
        { new SecretEnvelopeException("c", "altered"), ErrorCategory.Failed },
        { new KeyRotationException("cannot start"), ErrorCategory.Failed },
        { new SchemaVersionException("newer"), ErrorCategory.Failed },
        { new SecretNotSetException("password"), ErrorCategory.Failed },
        { new PasswordFileException("/p", "empty"), ErrorCategory.Failed },
        { new PasswordCommandException("pass", "exited with code 1", 1), ErrorCategory.Failed },
    };

    [Theory]
    [MemberData(nameof(Fixed))]
    public void Each_error_has_its_category(BerthException error, ErrorCategory expected) =>
        Assert.Equal(expected, error.Category);

    [Theory]
    [InlineData(401, ErrorCategory.Unauthenticated)]
    [InlineData(403, ErrorCategory.Denied)]
    [InlineData(404, ErrorCategory.NotFound)]
    [InlineData(429, ErrorCategory.Transient)]
    [InlineData(503, ErrorCategory.Transient)]
    [InlineData(400, ErrorCategory.Failed)]
    public void A_provider_api_error_takes_its_category_from_the_status(int status, ErrorCategory expected)
    {
        var credential = new ProviderCredentialException("ecr", "ECR refused GetAuthorizationToken", status);
        var listing = new RepositoryListingException("Docker Hub refused to list repositories", status);
        Assert.Equal(expected, credential.Category);
        Assert.Equal(expected, listing.Category);
        Assert.Equal(ErrorOrigin.ProviderApi, credential.Origin);
        Assert.Equal(ErrorOrigin.ProviderApi, listing.Origin);
    }

    [Fact]
    public void A_provider_api_without_an_answer_is_unreachable_and_an_odd_answer_is_a_failure()
    {
        Assert.Equal(ErrorCategory.Unreachable,
            new ProviderCredentialException("ecr", "could not reach", inner: new HttpRequestException("refused")).Category);
        Assert.Equal(ErrorCategory.Unreachable,
            new ProviderCredentialException("ecr", "did not answer in time", inner: new TaskCanceledException()).Category);
        Assert.Equal(ErrorCategory.Failed, new ProviderCredentialException("ecr", "answered without authorizationData").Category);
    }
}
