using Berth.Server.Auth;

namespace Berth.Server.Dashboard;

/// <summary>The signed-in caller of a page handler, bound from the session's principal (the routes' policies ensure there is one).</summary>
internal sealed record SignedInCaller(Caller Value)
{
    public static ValueTask<SignedInCaller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<SignedInCaller?>(new SignedInCaller(Caller.From(context.User)));
}
