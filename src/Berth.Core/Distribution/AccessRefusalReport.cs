using System.Net;
using Berth.Auth;
using Berth.Errors;
using Berth.Transport;

namespace Berth.Distribution;

/// <summary>
/// Turns a registry's 401 or 403 into the refusal it really is, with a sentence that names the registry, the resource
/// and the action (from the error's <c>detail</c> or the challenge's scope), and says whether credentials were sent.
/// What was sent comes from the auth handler (<see cref="RegistryRequestOptions.Sent"/>), never from a guess.
/// </summary>
internal static class AccessRefusalReport
{
    public static RegistryAuthenticationException Create(string registry, HttpRequestMessage request, HttpResponseMessage response,
        IReadOnlyList<RegistryError> errors, string? subject)
    {
        var sent = request.Options.TryGetValue(RegistryRequestOptions.Sent, out var s) ? s : SentAuthorization.None;
        var user = request.Options.TryGetValue(RegistryRequestOptions.SentUser, out var u) && !string.IsNullOrEmpty(u) ? $"'{u}'" : "the account";
        var challenge = Challenge(response);
        var insufficientScope = string.Equals(challenge?.Error, "insufficient_scope", StringComparison.OrdinalIgnoreCase);
        var detail = RegistryAccessDetail.Find(errors) ?? FromScope(challenge?.Scope);
        var action = detail is { Action.Length: > 0 } d ? ActionWord(d.Action) : request.Method == HttpMethod.Get || request.Method == HttpMethod.Head ? "pull" : "push to";
        var resource = detail is { } r ? Resource(r) : subject ?? "this resource";
        var status = (int)response.StatusCode;
        var codes = errors.Count > 0 ? string.Join("; ", errors.Select(e => e.ToString())) : response.ReasonPhrase ?? response.StatusCode.ToString();
        var answered = $"{status}{(insufficientScope ? " insufficient_scope" : "")}: {codes}";
        var anonymous = sent is SentAuthorization.None or SentAuthorization.AnonymousToken;

        (AccessRefusal refusal, string message) = (response.StatusCode, insufficientScope || (detail is not null && !anonymous && sent != SentAuthorization.Basic)) switch
        {
            (HttpStatusCode.Forbidden, _) when anonymous => (AccessRefusal.AccessDenied,
                $"registry {registry} refused anonymous access to {resource} ({answered}); no credentials were sent: connect it with credentials that may {action} it"),
            (HttpStatusCode.Forbidden, _) => (AccessRefusal.AccessDenied,
                $"registry {registry} denied {user} access to {action} {resource} ({answered}); the credentials were accepted, the account lacks the permission"),
            (_, true) when anonymous => (AccessRefusal.AccessDenied,
                $"registry {registry} does not let anonymous clients {action} {resource} ({answered}){(detail is { Type: "repository" } ? ": it may not exist, or is not public" : "")}; no credentials were sent: connect it with credentials"),
            (_, true) when detail is { Type: "repository" } && action == "pull" => (AccessRefusal.NotFoundOrNotAllowed,
                $"{resource} may not exist on {registry}, or {user} may not pull it ({answered}); check the name, and that the account has access"),
            (_, true) => (AccessRefusal.AccessDenied,
                $"registry {registry} does not let {user} {action} {resource} ({answered}); the credentials were accepted, the account lacks the permission"),
            _ when sent == SentAuthorization.None => (AccessRefusal.CredentialsMissing,
                $"registry {registry} wants credentials for {subject ?? resource} and none were sent ({answered}); connect it with a username and password"),
            _ when sent == SentAuthorization.AnonymousToken => (AccessRefusal.CredentialsMissing,
                $"registry {registry} does not serve {subject ?? resource} to anonymous clients ({answered}); no credentials were sent: connect it with credentials"),
            _ when sent == SentAuthorization.Basic => (AccessRefusal.CredentialsRefused,
                $"registry {registry} refused the credentials of {user} for {subject ?? resource} ({answered}); check the username and password"),
            _ => (AccessRefusal.CredentialsRefused,
                $"registry {registry} refused the token its token service issued to {user} for {subject ?? resource} ({answered})"),
        };

        return new RegistryAuthenticationException(registry, request.Method, UrlRedactor.Redact(request.RequestUri), response.StatusCode, errors, message)
        {
            Refusal = refusal,
        };
    }

    private static AuthChallenge? Challenge(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) && AuthChallenge.ParseAll(values) is { Count: > 0 } all
            ? all.FirstOrDefault(c => c.IsBearer) ?? all[0]
            : null;

    /// <summary><c>repository:team/app:pull,push</c> → the repository and its first action.</summary>
    private static RegistryAccessDetail? FromScope(string? scope)
    {
        if (string.IsNullOrEmpty(scope))
        {
            return null;
        }

        var scopes = AccessScope.ParseList(scope);
        if (scopes.Count == 0)
        {
            return null;
        }

        var first = scopes[0];
        return new RegistryAccessDetail(first.ResourceType, first.ResourceName, first.Actions.Contains("push") ? "push" : first.Actions.Count > 0 ? first.Actions[0] : "");
    }

    private static string Resource(RegistryAccessDetail detail) => detail switch
    {
        { Type: "registry", Name: "catalog" } => "the catalog",
        { Type: "repository" } => $"repository {detail.Name}",
        _ => $"{detail.Type} {detail.Name}",
    };

    private static string ActionWord(string action) => action switch
    {
        "pull" => "pull",
        "push" => "push to",
        "delete" => "delete from",
        "*" => "list",
        _ => action,
    };
}
