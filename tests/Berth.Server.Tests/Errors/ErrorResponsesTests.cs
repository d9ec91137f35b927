using System.Net;
using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Errors;
using Berth.Server.Errors;

namespace Berth.Server.Tests.Errors;

/// <summary>The server's one mapping from an error's category and origin to an HTTP problem and a dashboard sentence.</summary>
public sealed class ErrorResponsesTests
{
    public static TheoryData<ErrorCategory, ErrorOrigin, int> Statuses()
    {
        var data = new TheoryData<ErrorCategory, ErrorOrigin, int>
        {
            { ErrorCategory.Usage, ErrorOrigin.Local, 400 },
            { ErrorCategory.Unauthenticated, ErrorOrigin.Local, 401 },
            { ErrorCategory.Denied, ErrorOrigin.Local, 403 },
            { ErrorCategory.NotFound, ErrorOrigin.Local, 404 },
            { ErrorCategory.Conflict, ErrorOrigin.Local, 409 },
            { ErrorCategory.Failed, ErrorOrigin.Local, 500 },
            { ErrorCategory.Unreachable, ErrorOrigin.Local, 502 },
            { ErrorCategory.Transient, ErrorOrigin.Local, 503 },
        };
        foreach (var peer in new[] { ErrorOrigin.Registry, ErrorOrigin.TokenService, ErrorOrigin.ProviderApi })
        {
            data.Add(ErrorCategory.Unauthenticated, peer, 502);
            data.Add(ErrorCategory.Denied, peer, 502);
            data.Add(ErrorCategory.Failed, peer, 502);
            data.Add(ErrorCategory.Unreachable, peer, 502);
            data.Add(ErrorCategory.NotFound, peer, 404);
            data.Add(ErrorCategory.Transient, peer, 503);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Category_and_origin_decide_the_status(ErrorCategory category, ErrorOrigin origin, int status) =>
        Assert.Equal(status, ErrorResponses.Status(category, origin));

    [Fact]
    public void Every_category_has_a_status_for_every_origin()
    {
        foreach (var category in Enum.GetValues<ErrorCategory>())
        {
            foreach (var origin in Enum.GetValues<ErrorOrigin>())
            {
                Assert.InRange(ErrorResponses.Status(category, origin), 400, 599);
                Assert.False(string.IsNullOrEmpty(ErrorResponses.Title(category, origin)));
            }
        }
    }

    [Fact]
    public void A_registry_refusing_credentials_is_a_bad_gateway_naming_the_registry_not_the_callers_401()
    {
        var refused = new RegistryAuthenticationException("r.example", HttpMethod.Get, "https://r.example/v2/", HttpStatusCode.Unauthorized, [],
            "registry r.example answered 401 (the credentials were refused): UNAUTHORIZED");
        var problem = ErrorResponses.Problem(ErrorResponses.Classify(refused)!.Value);
        Assert.Equal(502, problem.Status);
        Assert.Equal("Registry refused the credentials", problem.Title);
        Assert.Equal(refused.Message, problem.Detail);
        Assert.Equal("unauthenticated", problem.Extensions["category"]);
        Assert.Equal("registry", problem.Extensions["origin"]);
        Assert.False(problem.Extensions.ContainsKey("retryAfter"));
    }

    [Fact]
    public void The_title_names_the_token_service_or_provider_api()
    {
        var token = new RegistryException("r.example", HttpMethod.Get, "https://auth.example/token", HttpStatusCode.Forbidden, [])
        {
            Origin = ErrorOrigin.TokenService,
        };
        Assert.Equal("Token service denied access", ErrorResponses.Problem(ErrorResponses.Classify(token)!.Value).Title);
        var ecr = new ProviderCredentialException("ecr", "ECR refused GetAuthorizationToken", 400);
        Assert.Equal("Provider API request failed", ErrorResponses.Problem(ErrorResponses.Classify(ecr)!.Value).Title);
    }

    [Fact]
    public void A_transient_error_carries_the_wait_its_peer_asked_for()
    {
        var busy = new RegistryException("r.example", HttpMethod.Get, "https://r.example/v2/", HttpStatusCode.TooManyRequests, [])
        {
            RetryAfter = TimeSpan.FromSeconds(29.2),
        };
        var error = ErrorResponses.Classify(busy)!.Value;
        var problem = ErrorResponses.Problem(error);
        Assert.Equal(503, problem.Status);
        Assert.Equal("transient", problem.Extensions["category"]);
        Assert.Equal(30L, problem.Extensions["retryAfter"]);
        Assert.Equal(30L, ErrorResponses.RetryAfterSeconds(error));
    }

    [Fact]
    public void The_callers_own_errors_use_the_standard_titles()
    {
        var taken = ErrorResponses.Problem(ErrorResponses.Classify(new DuplicateConnectionNameException("dup", "default"))!.Value);
        Assert.Equal(409, taken.Status);
        Assert.Equal("Conflict", taken.Title);
        Assert.Equal("conflict", taken.Extensions["category"]);
        Assert.Equal("local", taken.Extensions["origin"]);
        var missing = ErrorResponses.Problem(ErrorResponses.Classify(new ConnectionNotFoundException(Guid.Empty))!.Value);
        Assert.Equal(404, missing.Status);
        Assert.Equal("notFound", missing.Extensions["category"]);
    }

    [Fact]
    public void Platform_failures_while_talking_to_a_registry_are_the_registrys_and_anything_else_is_left_alone()
    {
        Assert.Equal(new ErrorResponses.Classified(ErrorCategory.Unreachable, ErrorOrigin.Registry, "reset", null),
            ErrorResponses.Classify(new HttpRequestException("reset")));
        Assert.Equal(ErrorCategory.Unreachable, ErrorResponses.Classify(new IOException("body ended"))!.Value.Category);
        Assert.Equal(ErrorCategory.Failed, ErrorResponses.Classify(new System.Text.Json.JsonException("bad"))!.Value.Category);
        Assert.Null(ErrorResponses.Classify(new InvalidOperationException("a bug")));
        Assert.False(ErrorResponses.IsExpected(new ArgumentException("a bug")));
    }

    [Fact]
    public void The_dashboard_says_what_happened_and_who_did_it_then_the_errors_own_message()
    {
        var refused = new RegistryAuthenticationException("r.example", HttpMethod.Get, "https://r.example/v2/", HttpStatusCode.Unauthorized, [],
            "registry r.example answered 401 (the credentials were refused): UNAUTHORIZED");
        Assert.Equal("The registry refused the credentials. registry r.example answered 401 (the credentials were refused): UNAUTHORIZED",
            ErrorResponses.DashboardMessage(refused));
        Assert.Equal("The registry could not be reached. cannot reach registry r.example: connection refused",
            ErrorResponses.DashboardMessage(new RegistryUnreachableException("r.example", "connection refused")));
        Assert.StartsWith("The registry is busy; try again in 5 s. ", ErrorResponses.DashboardMessage(
            new RegistryException("r.example", HttpMethod.Get, "https://r.example/v2/", HttpStatusCode.ServiceUnavailable, []) { RetryAfter = TimeSpan.FromSeconds(5) }),
            StringComparison.Ordinal);
        Assert.Equal("That clashes with what already exists. " + new DuplicateConnectionNameException("dup", "default").Message,
            ErrorResponses.DashboardMessage(new DuplicateConnectionNameException("dup", "default")));
        Assert.Equal("Something went wrong: a bug", ErrorResponses.DashboardMessage(new InvalidOperationException("a bug")));
    }
}
