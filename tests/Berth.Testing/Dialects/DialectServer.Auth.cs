using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Dialects;

public sealed partial class DialectServer
{
    /// <summary>
    /// The dialect's authentication: Basic checked on every request, or Bearer tokens from its token service checked
    /// against the access they grant. Writes the refusal itself, the way the
    /// dialect words it. Returns who the caller is ("anonymous" without credentials), for the rate limit, or null when
    /// the request was refused (the refusal is written).
    /// </summary>
    private async Task<string?> AuthenticateAsync(HttpContext context, RegistryPath target)
    {
        var header = (string?)context.Request.Headers.Authorization ?? "";
        switch (Profile.Auth)
        {
            case DialectAuth.Basic:
                if (BasicUser(header) is { } user)
                {
                    return user;
                }

                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"https://{Host}/\",service=\"ecr.amazonaws.com\"";
                await (Profile.NonStandardErrors
                    ? WritePlainAsync(context, 401, "401 Unauthorized")
                    : WriteErrorAsync(context, 401, header.Length == 0 ? "UNAUTHORIZED" : "DENIED",
                        header.Length == 0 ? "authentication required" : "Your authorization token has expired. Reauthenticate and try again."));
                return null;

            case DialectAuth.Bearer:
                var grant = header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header["Bearer ".Length..], out var g) ? g : null;
                var scope = target.Kind == RegistryPathKind.Catalog ? "registry:catalog:*"
                    : target.Repository is { } repository ? $"repository:{repository}:{(target.Action == "pull" ? "pull" : $"pull,{target.Action}")}"
                    : null;
                if (grant is null)
                {
                    Challenge(context, scope, insufficient: false);
                    await WriteErrorAsync(context, 401, "UNAUTHORIZED", "authentication required");
                    return null;
                }

                var who = grant.User ?? "anonymous";
                if (target.Repository is { } name && !grant.Access.Any(a => a.Type == "repository" && a.Name == name && a.Actions.Contains(target.Action)))
                {
                    if (Profile.DeniedAs403)
                    {
                        await WriteErrorAsync(context, 403, "DENIED", "requested access to the resource is denied");
                    }
                    else
                    {
                        Challenge(context, scope, insufficient: true);
                        await WriteJsonAsync(context, 401, AccessError("UNAUTHORIZED", "authentication required", "repository", name, target.Action));
                    }

                    return null;
                }

                return who;

            default:
                return "anonymous";
        }
    }

    private void Challenge(HttpContext context, string? scope, bool insufficient)
    {
        var realm = TokenUri is { } token ? new Uri(token, "token").ToString() : $"http://{Host}/token";
        var value = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Bearer realm=\"{realm}\",service=\"{Profile.Service}\"");
        if (scope is not null)
        {
            value.Append(CultureInfo.InvariantCulture, $",scope=\"{scope}\"");
        }

        if (insufficient)
        {
            value.Append(",error=\"insufficient_scope\"");
        }

        context.Response.Headers.WWWAuthenticate = value.ToString();
    }

    private string? BasicUser(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Profile.Users.TryGetValue(decoded[..colon], out var password) && password == decoded[(colon + 1)..] ? decoded[..colon] : null;
    }

    /// <summary>
    /// The token service (Docker token auth, GET form): checks Basic credentials when sent, grants per scope what the
    /// user's namespaces and the public repositories allow, and issues an opaque token (Docker Hub issues one even when
    /// it grants nothing; GHCR refuses anonymous callers it grants nothing).
    /// </summary>
    private async Task HandleTokenAsync(HttpContext context)
    {
        var request = context.Request;
        _log.Enqueue($"token:{request.Method} {request.Path}{request.QueryString}");
        if (Profile.TokenDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Profile.TokenDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var header = (string?)request.Headers.Authorization ?? "";
        string? user = null;
        if (header.Length > 0)
        {
            user = BasicUser(header);
            if (user is null)
            {
                await WriteJsonAsync(context, 401, new JsonObject { ["details"] = "incorrect username or password" });
                return;
            }
        }

        var access = new List<(string Type, string Name, IReadOnlyList<string> Actions)>();
        var wantedNothingGranted = false;
        foreach (var scope in request.Query["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var first = scope.IndexOf(':', StringComparison.Ordinal);
            var last = scope.LastIndexOf(':');
            if (first <= 0 || last == first)
            {
                continue;
            }

            var (type, name, actions) = (scope[..first], scope[(first + 1)..last], scope[(last + 1)..].Split(','));
            var granted = type == "repository" ? await GrantAsync(user, name, actions, context.RequestAborted) : [];
            wantedNothingGranted |= granted.Count == 0;
            access.Add((type, name, granted));
        }

        if (user is null && wantedNothingGranted && Profile.TokenServiceRefusesAnonymous)
        {
            await WriteErrorAsync(context, 401, "UNAUTHORIZED", "authentication required");
            return;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = new TokenGrant(user, access);
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = 300,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    private async Task<IReadOnlyList<string>> GrantAsync(string? user, string repository, string[] actions, CancellationToken ct)
    {
        if (user is not null && Profile.UserNamespaces.TryGetValue(user, out var prefixes) && prefixes.Any(p => repository.StartsWith(p, StringComparison.Ordinal)))
        {
            // Docker Hub grants pull only on a repository that exists: pulling a missing one is its 401 insufficient_scope.
            // A token asked for push as well covers a repository about to be created.
            return actions.Contains("push") || await ExistsAsync(repository, ct) ? actions : actions.Where(a => a != "pull").ToList();
        }

        if (Profile.PublicRepositories.Any(p => repository.StartsWith(p, StringComparison.Ordinal)) && await ExistsAsync(repository, ct))
        {
            return actions.Where(a => a == "pull").ToList();
        }

        return [];
    }

    private static async Task WritePlainAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
