using System.Security.Claims;
using System.Text.Encodings.Web;
using Berth.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Berth.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer berth_…</c>: the token is hashed and looked up; revoked or unknown tokens are rejected
/// with the same answer, so a caller learns nothing about which tokens exist.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServerStores stores) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Limits.RequestLimits.MarkFailed(Context);
            return AuthenticateResult.Fail("only Bearer API tokens are accepted");
        }

        var token = await stores.Tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            Limits.RequestLimits.MarkFailed(Context);
            return AuthenticateResult.Fail("the API token is unknown or revoked");
        }

        var principal = new ClaimsPrincipal(Caller.IdentityFor(token, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"berth\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "send a valid API token: 'Authorization: Bearer <token>' (create one with 'berth tokens create')").ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "this token's role does not allow this operation").ExecuteAsync(Context).ConfigureAwait(false);
    }
}
