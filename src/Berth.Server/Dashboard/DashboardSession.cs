using Berth.Server.Auth;
using Berth.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Berth.Server.Dashboard;

/// <summary>A dashboard session lives only as long as the token it was opened with: revoking the token ends it.</summary>
internal static class DashboardSession
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var stores = context.HttpContext.RequestServices.GetRequiredService<ServerStores>();
        var tokenId = context.Principal?.FindFirst(BerthClaims.TokenId)?.Value;
        var token = Guid.TryParse(tokenId, out var id) ? await stores.Tokens.GetAsync(id, context.HttpContext.RequestAborted).ConfigureAwait(false) : null;
        if (token is null || token.IsRevoked)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(BerthClaims.CookieScheme).ConfigureAwait(false);
        }
    }
}
