using System.Net;
using Berth.DockerConfig;
using Berth.Errors;
using Berth.References;
using Berth.Templates;
using Berth.Transfer;
using Berth.Transfer.Sync;

namespace Berth.Core.Tests.Errors;

/// <summary>Every error Core raises has a category, and the registry's status decides a registry error's.</summary>
public sealed class ErrorCategoryTests
{
    [Fact]
    public void Every_exception_core_declares_is_a_berth_exception()
    {
        var exceptions = typeof(BerthException).Assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(BerthException).IsAssignableFrom(t), $"{t.FullName} does not derive from BerthException"));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ErrorCategory.Unauthenticated)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCategory.Denied)]
    [InlineData(HttpStatusCode.NotFound, ErrorCategory.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests, ErrorCategory.Transient)]
    [InlineData(HttpStatusCode.RequestTimeout, ErrorCategory.Transient)]
    [InlineData(HttpStatusCode.InternalServerError, ErrorCategory.Transient)]
    [InlineData(HttpStatusCode.BadGateway, ErrorCategory.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ErrorCategory.Transient)]
    [InlineData(HttpStatusCode.NotImplemented, ErrorCategory.Failed)]
    [InlineData(HttpStatusCode.HttpVersionNotSupported, ErrorCategory.Failed)]
    [InlineData(HttpStatusCode.BadRequest, ErrorCategory.Failed)]
    [InlineData(HttpStatusCode.MethodNotAllowed, ErrorCategory.Failed)]
    [InlineData(HttpStatusCode.RequestedRangeNotSatisfiable, ErrorCategory.Failed)]
    [InlineData(HttpStatusCode.OK, ErrorCategory.Failed)]
    public void A_registry_error_takes_its_category_from_the_status(HttpStatusCode status, ErrorCategory expected)
    {
        Assert.Equal(expected, ErrorCategories.FromStatus(status));
        var error = new RegistryException("r.example", HttpMethod.Get, "https://r.example/v2/", status, []);
        Assert.Equal(expected, error.Category);
        Assert.Equal(expected == ErrorCategory.Transient, error.IsTransient);
        Assert.Equal(ErrorOrigin.Registry, error.Origin);
    }

    [Fact]
    public void Refused_credentials_are_unauthenticated_and_refused_access_is_denied()
    {
        Assert.Equal(ErrorCategory.Unauthenticated,
            new RegistryAuthenticationException("r.example", HttpMethod.Get, "https://r.example/v2/", HttpStatusCode.Unauthorized, []).Category);
        Assert.Equal(ErrorCategory.Denied,
            new RegistryAuthenticationException("r.example", HttpMethod.Get, "https://r.example/v2/", HttpStatusCode.Forbidden, []).Category);
    }

    [Fact]
    public void A_registry_error_keeps_its_message()
    {
        var error = new RegistryException("r.example", HttpMethod.Get, "https://r.example/v2/a/tags/list", HttpStatusCode.NotFound,
            [new RegistryError(RegistryErrorCodes.NameUnknown, "repository name not known to registry", null)]);
        Assert.Equal("registry r.example answered 404 Not Found to GET https://r.example/v2/a/tags/list: NAME_UNKNOWN: repository name not known to registry",
            error.Message);
    }

    public static TheoryData<BerthException, ErrorCategory> Fixed() => new()
    {
        { new RegistryUnreachableException("r.example", "connection refused"), ErrorCategory.Unreachable },
        { new DigestMismatchException("blob", "sha256:aa", "sha256:bb"), ErrorCategory.Failed },
        { new Berth.Auth.InsecureTokenRealmException("r.example", "http://auth.example/token"), ErrorCategory.Failed },
        { new ReferenceFormatException("Foo/bar", "repository name must be lowercase: 'Foo/bar'"), ErrorCategory.Usage },
        { new TemplateException("unexpected EOF", 1, 4), ErrorCategory.Usage },
        { new TagVariableException("Time", "is not an RFC 3339 time"), ErrorCategory.Usage },
        { new SyncConfigException("sync.yaml: line 1, column 1: expected a mapping"), ErrorCategory.Usage },
        { new TransferException("oci:x holds no images"), ErrorCategory.Failed },
        { new ImageNotFoundException("oci:x has no image tagged 'v1'"), ErrorCategory.NotFound },
        { new CredentialHelperException("docker-credential-x get failed"), ErrorCategory.Failed },
    };

    [Theory]
    [MemberData(nameof(Fixed))]
    public void Each_error_has_its_category(BerthException error, ErrorCategory expected) =>
        Assert.Equal(expected, error.Category);

    [Theory]
    [InlineData(DockerConfigErrorKind.Syntax, ErrorCategory.Usage)]
    [InlineData(DockerConfigErrorKind.InvalidContent, ErrorCategory.Usage)]
    [InlineData(DockerConfigErrorKind.KeyMissing, ErrorCategory.Usage)]
    [InlineData(DockerConfigErrorKind.InvalidKeyFile, ErrorCategory.Usage)]
    [InlineData(DockerConfigErrorKind.NotEncrypted, ErrorCategory.Usage)]
    [InlineData(DockerConfigErrorKind.UnsupportedVersion, ErrorCategory.Usage)]
    [InlineData(DockerConfigErrorKind.KeyMismatch, ErrorCategory.Failed)]
    [InlineData(DockerConfigErrorKind.Truncated, ErrorCategory.Failed)]
    [InlineData(DockerConfigErrorKind.AuthenticationFailed, ErrorCategory.Failed)]
    public void Unusable_docker_config_input_is_usage_and_a_key_that_does_not_fit_is_a_failure(DockerConfigErrorKind kind, ErrorCategory expected) =>
        Assert.Equal(expected, new DockerConfigException(kind, "x").Category);
}
