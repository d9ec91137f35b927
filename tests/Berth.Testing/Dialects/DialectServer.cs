using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Dialects;

/// <summary>
/// A loopback reverse proxy that speaks one registry's dialect (<see cref="DialectProfile"/>) in front of a real, open
/// Distribution registry, plus — for Bearer dialects — a token service on another port, so the realm is another origin.
/// Content (blobs, manifests, uploads) is the real registry's, streamed through; what the proxy changes is what the
/// dialect changes: authentication and its refusals, the catalog, tag paging, missing-repository and mount answers,
/// rate limits and error bodies.
/// </summary>
public sealed partial class DialectServer : IAsyncDisposable
{
    private readonly WebApplication _registryApp;
    private readonly WebApplication? _tokenApp;
    private readonly HttpClient _upstream;
    private readonly ConcurrentDictionary<string, TokenGrant> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _cursors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _pulls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _log = new();

    private DialectServer(RegistryServer upstream, DialectProfile profile, WebApplication registryApp, WebApplication? tokenApp)
    {
        Upstream = upstream;
        Profile = profile;
        _registryApp = registryApp;
        _tokenApp = tokenApp;
        _upstream = ProxyForwarding.CreateUpstreamClient(upstream);
    }

    public RegistryServer Upstream { get; }

    public DialectProfile Profile { get; }

    /// <summary><c>127.0.0.1:PORT</c> of the registry side.</summary>
    public string Host => BaseUri.Authority;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c> of the token service, for Bearer dialects.</summary>
    public string? TokenHost => TokenUri?.Authority;

    public Uri? TokenUri { get; private set; }

    /// <summary><c>METHOD /path?query</c> of every request either side received, the token service's prefixed with <c>token:</c>.</summary>
    public IReadOnlyList<string> RequestLog => [.. _log];

    public static async Task<DialectServer> StartAsync(RegistryServer upstream, DialectProfile profile, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(profile);
        var registryApp = LoopbackWebServer.CreateBuilder().Build();
        var tokenApp = profile.Auth == DialectAuth.Bearer ? LoopbackWebServer.CreateBuilder().Build() : null;
        var server = new DialectServer(upstream, profile, registryApp, tokenApp);
        registryApp.Run(server.HandleRegistryAsync);
        tokenApp?.Run(server.HandleTokenAsync);
        try
        {
            server.BaseUri = await LoopbackWebServer.StartAsync(registryApp, ct);
            if (tokenApp is not null)
            {
                server.TokenUri = await LoopbackWebServer.StartAsync(tokenApp, ct);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>ECR's CreateRepository, as the API would have done it: the repository exists from now on, empty.</summary>
    public void CreateRepository(string name) => _created[name] = true;

    /// <summary>CreateRepository as the ECR API does it: false when the repository already exists (created or holding images).</summary>
    public async Task<bool> TryCreateRepositoryAsync(string name, CancellationToken ct) =>
        !await ExistsAsync(name, ct) && _created.TryAdd(name, true);

    /// <summary>Repositories created through <see cref="CreateRepository"/>.</summary>
    public IReadOnlyCollection<string> CreatedRepositories => [.. _created.Keys];

    /// <summary>Forgets the pulls counted against the rate limit.</summary>
    public void ResetRateLimit() => _pulls.Clear();

    private async Task HandleRegistryAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        _log.Enqueue($"{request.Method} {path}{request.QueryString}");
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var target = RegistryPath.Parse(path["/v2/".Length..], request.Method);
        if (await AuthenticateAsync(context, target) is not { } identity)
        {
            return;
        }

        if (await AnswerDialectAsync(context, target, identity))
        {
            return;
        }

        await ForwardAsync(context, path + request.QueryString, identity, target);
    }

    /// <summary>The dialect's own answers; false when the request goes through to the registry.</summary>
    private async Task<bool> AnswerDialectAsync(HttpContext context, RegistryPath target, string identity)
    {
        var request = context.Request;
        if (target.Kind == RegistryPathKind.Catalog)
        {
            switch (Profile.Catalog)
            {
                case DialectCatalog.NotFound:
                    await WriteErrorAsync(context, 404, "NOT_FOUND", "404 page not found");
                    return true;
                case DialectCatalog.Empty:
                    await WriteJsonAsync(context, 200, new JsonObject { ["repositories"] = new JsonArray() });
                    return true;
                case DialectCatalog.InsufficientScope:
                    Challenge(context, "registry:catalog:*", insufficient: true);
                    await WriteJsonAsync(context, 401, AccessError("UNAUTHORIZED", "authentication required", "registry", "catalog", "*"));
                    return true;
            }
        }

        if (target.Repository is { } repository && Profile.RepositoriesMustExist && !await ExistsAsync(repository, context.RequestAborted))
        {
            await WriteErrorAsync(context, 404, "NAME_UNKNOWN",
                $"The repository with name '{repository}' does not exist in the registry with id '{Profile.RegistryId}'");
            return true;
        }

        if (target.Kind == RegistryPathKind.Tags && HttpMethods.IsGet(request.Method))
        {
            var n = int.TryParse(request.Query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
            if (n > Profile.MaxPageSize)
            {
                await WriteErrorAsync(context, 400, "UNSUPPORTED",
                    $"Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to {Profile.MaxPageSize}'");
                return true;
            }

            if (Profile.PageSize is not null || Profile.ExtraTagFields)
            {
                await ServeTagsAsync(context, target.Repository!, n);
                return true;
            }
        }

        if (target.Kind == RegistryPathKind.Manifest && target.Repository == Profile.Schema1Repository && await ServeSchema1Async(context))
        {
            return true;
        }

        if (target.Kind == RegistryPathKind.Manifest && Profile.RateLimit is { } limit)
        {
            var used = HttpMethods.IsGet(request.Method) ? _pulls.AddOrUpdate(identity, 1, (_, v) => v + 1) : _pulls.GetValueOrDefault(identity);
            var remaining = Math.Max(0, limit.Limit - used);
            context.Response.Headers["RateLimit-Limit"] = $"{limit.Limit};w={limit.WindowSeconds}";
            context.Response.Headers["RateLimit-Remaining"] = $"{remaining};w={limit.WindowSeconds}";
            context.Response.Headers["Docker-RateLimit-Source"] = "127.0.0.1";
            if (HttpMethods.IsGet(request.Method) && used > limit.Limit)
            {
                context.Response.Headers["RateLimit-Remaining"] = $"0;w={limit.WindowSeconds}";
                await WriteErrorAsync(context, 429, "TOOMANYREQUESTS",
                    "You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit");
                return true;
            }
        }

        return false;
    }

    private async Task ForwardAsync(HttpContext context, string pathAndQuery, string identity, RegistryPath target)
    {
        var request = context.Request;
        var mount = Profile.MountAnswers202 && target.Kind == RegistryPathKind.Uploads && HttpMethods.IsPost(request.Method) && request.Query.ContainsKey("mount");
        if (mount)
        {
            // ECR answers a mount with an upload session, as the spec allows (202): the client must upload the blob.
            pathAndQuery = request.Path.Value!;
        }

        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Upstream.BaseUri, pathAndQuery));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forwarded.Content = new StreamContent(request.Body);
        }

        ProxyForwarding.CopyRequestHeaders(request, forwarded);
        forwarded.Headers.Authorization = null; // the registry behind is open: the dialect did the checking
        using var response = await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (Profile.NonStandardErrors && !response.IsSuccessStatusCode && !HttpMethods.IsHead(request.Method))
        {
            // The code as the HTTP status in a string, the message kept: as some proxies and older registries answer.
            var original = await response.Content.ReadAsStringAsync(context.RequestAborted);
            var message = JsonNode.Parse(original)?["errors"]?[0]?["message"]?.GetValue<string>() ?? response.ReasonPhrase;
            await WriteJsonAsync(context, (int)response.StatusCode, new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject { ["code"] = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), ["message"] = message }),
            });
            return;
        }

        ProxyForwarding.CopyResponseHead(context, response);
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    /// <summary>Whether a repository exists: created, or the registry behind knows it (it has a tag).</summary>
    private async Task<bool> ExistsAsync(string repository, CancellationToken ct)
    {
        if (_created.ContainsKey(repository))
        {
            return true;
        }

        using var response = await _upstream.GetAsync(new Uri(Upstream.BaseUri, $"/v2/{repository}/tags/list"), ct);
        return response.IsSuccessStatusCode;
    }

    private async Task<List<string>> UpstreamTagsAsync(string repository, CancellationToken ct)
    {
        using var response = await _upstream.GetAsync(new Uri(Upstream.BaseUri, $"/v2/{repository}/tags/list"), ct);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
        var tags = (json?["tags"]?.AsArray() ?? []).Select(t => (string?)t ?? "").ToList();
        tags.Sort(StringComparer.Ordinal);
        return tags;
    }

    /// <summary>tags/list paged by the dialect: ECR's pages and <c>last</c>, Quay's opaque cursors, GAR's extra fields.</summary>
    private async Task ServeTagsAsync(HttpContext context, string repository, int? n)
    {
        var all = await UpstreamTagsAsync(repository, context.RequestAborted);
        if (all.Count == 0 && !await ExistsAsync(repository, context.RequestAborted))
        {
            await WriteErrorAsync(context, 404, "NAME_UNKNOWN", $"repository name not known to registry: {repository}");
            return;
        }

        var query = context.Request.Query;
        var start = 0;
        if (Profile.CursorPaging)
        {
            if (query["next_page"] is { Count: > 0 } cursor)
            {
                if (!_cursors.TryGetValue(cursor.ToString(), out var after))
                {
                    await WriteErrorAsync(context, 400, "UNSUPPORTED", "invalid next_page cursor");
                    return;
                }

                start = all.FindIndex(t => string.CompareOrdinal(t, after) > 0) is var i and >= 0 ? i : all.Count;
            }
        }
        else if ((string?)query["last"] is { Length: > 0 } last)
        {
            start = all.FindIndex(t => string.CompareOrdinal(t, last) > 0) is var i and >= 0 ? i : all.Count;
        }

        var size = Math.Min(n ?? int.MaxValue, Profile.PageSize ?? int.MaxValue);
        var page = all.Skip(start).Take(size).ToList();
        if (page.Count > 0 && start + page.Count < all.Count)
        {
            var basePath = $"/v2/{repository}/tags/list";
            string link;
            if (Profile.CursorPaging)
            {
                var cursor = "gAAAAA" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
                _cursors[cursor] = page[^1];
                link = $"{basePath}?next_page={Uri.EscapeDataString(cursor)}&n={size}";
            }
            else
            {
                link = $"{basePath}?last={Uri.EscapeDataString(page[^1])}&n={size}";
            }

            context.Response.Headers.Link = $"<{link}>; rel=\"next\"";
        }

        var body = new JsonObject { ["name"] = repository, ["tags"] = new JsonArray([.. page.Select(t => (JsonNode)JsonValue.Create(t))]) };
        if (Profile.ExtraTagFields)
        {
            var manifests = new JsonObject();
            foreach (var tag in page)
            {
                manifests["sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository + ":" + tag)))] = new JsonObject
                {
                    ["imageSizeBytes"] = "1024",
                    ["layerId"] = "",
                    ["mediaType"] = "application/vnd.docker.distribution.manifest.v2+json",
                    ["tag"] = new JsonArray(JsonValue.Create(tag)),
                    ["timeCreatedMs"] = "1700000000000",
                    ["timeUploadedMs"] = "1700000000000",
                };
            }

            body = new JsonObject { ["child"] = new JsonArray(), ["manifest"] = manifests, ["name"] = repository, ["tags"] = body["tags"]!.DeepClone() };
        }

        await WriteJsonAsync(context, 200, body);
    }

    private static JsonObject AccessError(string code, string message, string type, string name, string action) => new()
    {
        ["errors"] = new JsonArray(new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["detail"] = new JsonArray(new JsonObject { ["Type"] = type, ["Class"] = "", ["Name"] = name, ["Action"] = action }),
        }),
    };

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _registryApp, _tokenApp })
        {
            if (app is null)
            {
                continue;
            }

            try
            {
                await app.StopAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Never started.
            }

            await app.DisposeAsync();
        }

        _upstream.Dispose();
        _schema1Key.Dispose();
    }

    private sealed record TokenGrant(string? User, IReadOnlyList<(string Type, string Name, IReadOnlyList<string> Actions)> Access);
}
