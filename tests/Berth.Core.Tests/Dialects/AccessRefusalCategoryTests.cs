using System.Net;
using Berth.Errors;

namespace Berth.Core.Tests.Dialects;

/// <summary>Each kind of refusal reaches every front end through its category (exit code, API problem, dashboard line).</summary>
public sealed class AccessRefusalCategoryTests
{
    [Theory]
    [InlineData(AccessRefusal.CredentialsRefused, ErrorCategory.Unauthenticated)]
    [InlineData(AccessRefusal.CredentialsMissing, ErrorCategory.Unauthenticated)]
    [InlineData(AccessRefusal.AccessDenied, ErrorCategory.Denied)]
    [InlineData(AccessRefusal.NotFoundOrNotAllowed, ErrorCategory.NotFound)]
    public void The_refusal_decides_the_category_not_the_status(AccessRefusal refusal, ErrorCategory expected)
    {
        var error = new RegistryAuthenticationException("r.example", HttpMethod.Get, "https://r.example/v2/a/tags/list", HttpStatusCode.Unauthorized, [], "x")
        {
            Refusal = refusal,
        };
        Assert.Equal(expected, error.Category);
    }

    [Fact]
    public void Without_a_refusal_the_status_suggests_one()
    {
        Assert.Equal(AccessRefusal.AccessDenied, new RegistryAuthenticationException("r", HttpMethod.Get, "u", HttpStatusCode.Forbidden, []).Refusal);
        Assert.Equal(AccessRefusal.CredentialsRefused, new RegistryAuthenticationException("r", HttpMethod.Get, "u", HttpStatusCode.Unauthorized, []).Refusal);
    }
}
