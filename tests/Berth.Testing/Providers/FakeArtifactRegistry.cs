using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Providers;

/// <summary>
/// Google Artifact Registry in front of a real registry, from Google's documentation and public issues:
/// <list type="bullet">
/// <item>the registry API passes through to the real registry, except <c>/v2/_catalog</c>, which answers
/// <c>{"repositories":[]}</c> whatever the project holds (GAR's known behaviour);</item>
/// <item>the OAuth2 token endpoint (<c>POST /token</c>, JWT-bearer grant, RS256 assertion verified with the service
/// account's public key) issues <see cref="AccessToken"/>, which the registry accepts as <c>oauth2accesstoken</c>'s password;</item>
/// <item>the REST API: <c>GET /v1/projects/{p}/locations/{l}/repositories</c> and
/// <c>.../repositories/{r}/dockerImages</c>, Bearer-authenticated, paged with <c>pageSize</c>/<c>pageToken</c> and
/// <c>nextPageToken</c> (an empty page has no list property at all), one docker image per digest with its tags and a
/// <c>uri</c> of <c>LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE@sha256:…</c>; errors as
/// <c>{"error":{"code":…,"message":…,"status":…}}</c>.</item>
/// </list>
/// Image paths in the registry are <c>PROJECT/REPOSITORY/IMAGE</c>.
/// </summary>
public sealed class FakeArtifactRegistry : IAsyncDisposable
{
    public const string ClientEmail = "berth-reader@my-project-123456.iam.gserviceaccount.com";

    /// <summary>The access token issued; the real registry's htpasswd takes it as <c>oauth2accesstoken</c>'s password.</summary>
    public const string AccessToken = "ya29.fake-artifact-registry-access-token-7c1e";

    private readonly WebApplication _app;
    private readonly RegistryForwarder _forwarder;
    private readonly RSA _publicKey;
    private readonly int _maxPageSize;
    private int _apiRequests;

    private FakeArtifactRegistry(WebApplication app, RegistryServer upstream, RSA publicKey, string location, int maxPageSize)
    {
        _app = app;
        _forwarder = new RegistryForwarder(upstream);
        _publicKey = publicKey;
        Location = location;
        _maxPageSize = maxPageSize;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary><c>127.0.0.1:PORT</c>: the registry's host, as <c>LOCATION-docker.pkg.dev</c> is.</summary>
    public string Host => BaseUri.Authority;

    public Uri TokenEndpoint => new(BaseUri, "token");

    public string Location { get; }

    /// <summary>REST API pages served.</summary>
    public int ApiRequests => Volatile.Read(ref _apiRequests);

    public static RegistryCredentials RegistryLogin => new("oauth2accesstoken", AccessToken);

    /// <param name="upstream">The real registry; its htpasswd must accept <see cref="RegistryLogin"/>.</param>
    /// <param name="serviceAccountKey">The key whose assertions the token endpoint accepts.</param>
    /// <param name="location">The location the project's repositories are in.</param>
    /// <param name="maxPageSize">The largest page served, whatever <c>pageSize</c> asks (small, to make tests page).</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<FakeArtifactRegistry> StartAsync(RegistryServer upstream, RSA serviceAccountKey, string location, int maxPageSize = 1000, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(serviceAccountKey);
        var publicKey = RSA.Create();
        publicKey.ImportRSAPublicKey(serviceAccountKey.ExportRSAPublicKey(), out _);
        var app = LoopbackWebServer.CreateBuilder().Build();
        var fake = new FakeArtifactRegistry(app, upstream, publicKey, location, maxPageSize);
        app.Run(fake.HandleAsync);
        fake.BaseUri = await LoopbackWebServer.StartAsync(app, ct);
        return fake;
    }

    /// <summary>A service-account key file for <paramref name="key"/>, as Google's console downloads it.</summary>
    public static string KeyJson(RSA key) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "my-project-123456",
        ["private_key_id"] = "0123456789abcdef0123456789abcdef01234567",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ClientEmail,
        ["client_id"] = "123456789012345678901",
        ["token_uri"] = "https://oauth2.googleapis.com/token",
    });

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == "/v2/_catalog")
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
            await context.Response.WriteAsync("{\"repositories\":[]}");
            return;
        }

        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path == "/v2")
        {
            await _forwarder.ForwardAsync(context, path + context.Request.QueryString);
            return;
        }

        if (path == "/token" && HttpMethods.IsPost(context.Request.Method))
        {
            await TokenAsync(context);
            return;
        }

        if (!path.StartsWith("/v1/", StringComparison.Ordinal) || !HttpMethods.IsGet(context.Request.Method))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "Requested entity was not found.");
            return;
        }

        Interlocked.Increment(ref _apiRequests);
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + AccessToken)
        {
            await ErrorAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }

        var segments = path["/v1/".Length..].Split('/');
        switch (segments)
        {
            case ["projects", var project, "locations", var location, "repositories"]:
                await RepositoriesAsync(context, project, location);
                return;
            case ["projects", var project, "locations", var location, "repositories", var repository, "dockerImages"]:
                await ImagesAsync(context, project, location, repository);
                return;
            default:
                await ErrorAsync(context, 404, "NOT_FOUND", "Requested entity was not found.");
                return;
        }
    }

    private async Task RepositoriesAsync(HttpContext context, string project, string location)
    {
        var names = location == Location
            ? (await RegistryContent.RepositoriesAsync(_forwarder.Client, RegistryLogin, context.RequestAborted))
                .Where(n => n.StartsWith(project + "/", StringComparison.Ordinal) && n.Count(c => c == '/') >= 2)
                .Select(n => n.Split('/')[1]).Distinct().ToList()
            : [];
        var items = names.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = $"projects/{project}/locations/{location}/repositories/{r}",
            ["format"] = "DOCKER",
            ["mode"] = "STANDARD_REPOSITORY",
            ["createTime"] = "2024-01-02T03:04:05.123456Z",
            ["updateTime"] = "2024-01-02T03:04:05.123456Z",
        }).ToList();
        await PageAsync(context, "repositories", items);
    }

    private async Task ImagesAsync(HttpContext context, string project, string location, string repository)
    {
        var prefix = $"{project}/{repository}/";
        var images = location == Location
            ? (await RegistryContent.RepositoriesAsync(_forwarder.Client, RegistryLogin, context.RequestAborted)).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : [];
        var items = new List<JsonNode>();
        foreach (var image in images)
        {
            var byDigest = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var tag in await RegistryContent.TagsAsync(_forwarder.Client, RegistryLogin, image, context.RequestAborted))
            {
                if (await RegistryContent.DigestAsync(_forwarder.Client, RegistryLogin, image, tag, context.RequestAborted) is { } digest)
                {
                    (byDigest.TryGetValue(digest, out var tags) ? tags : byDigest[digest] = []).Add(tag);
                }
            }

            var shortName = image[prefix.Length..];
            foreach (var (digest, tags) in byDigest)
            {
                items.Add(new JsonObject
                {
                    ["name"] = $"projects/{project}/locations/{location}/repositories/{repository}/dockerImages/{Uri.EscapeDataString(shortName)}@{digest}",
                    ["uri"] = $"{location}-docker.pkg.dev/{image}@{digest}",
                    ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]),
                    ["imageSizeBytes"] = "1234",
                    ["uploadTime"] = "2024-01-02T03:04:05.123456Z",
                    ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                });
            }
        }

        await PageAsync(context, "dockerImages", items);
    }

    private async Task PageAsync(HttpContext context, string property, List<JsonNode> items)
    {
        var query = context.Request.Query;
        var asked = int.TryParse(query["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1000;
        var size = Math.Min(asked, _maxPageSize);
        var start = 0;
        if (query["pageToken"].ToString() is { Length: > 0 } token)
        {
            // Opaque to clients; here base64 of the offset.
            if (!int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                await ErrorAsync(context, 400, "INVALID_ARGUMENT", "Invalid page token.");
                return;
            }
        }

        var body = new JsonObject();
        var slice = items.Skip(start).Take(size).ToList();
        if (slice.Count > 0)
        {
            body[property] = new JsonArray([.. slice]);
        }

        if (start + size < items.Count)
        {
            body["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((start + size).ToString(CultureInfo.InvariantCulture)));
        }

        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var parts = form["assertion"].ToString().Split('.');
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || parts.Length != 3
            || !_publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"access_token\":\"{AccessToken}\",\"expires_in\":3599,\"token_type\":\"Bearer\"}}");
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = code },
        }.ToJsonString());
    }

    private static byte[] Decode(string part)
    {
        var text = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forwarder.Dispose();
        _publicKey.Dispose();
    }
}
