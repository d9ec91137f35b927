using Berth.Connections.Tokens;
using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

/// <summary>The organization's tokens (never their text), the create form with what was typed, and its error.</summary>
public sealed record TokensView(
    Caller Caller,
    IReadOnlyList<ApiToken> Tokens,
    IReadOnlyList<string> ConnectionNames,
    TokenFormValues Form,
    string? ErrorField,
    string? Error,
    Notice? Notice,
    string? NextUrl = null,
    string? PreviousUrl = null);

public sealed record TokenFormValues(string Role, IReadOnlyList<string> Connections, string? Description)
{
    public static TokenFormValues Empty { get; } = new("ci", [], null);
}

/// <summary>The one page that ever shows a token's text: the answer to the create form.</summary>
public sealed record TokenCreatedView(Caller Caller, ApiToken Token, string Secret);

public sealed record RevokeTokenView(Caller Caller, ApiToken Token);
