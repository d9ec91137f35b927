using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Providers;

/// <summary>
/// The ECR API's GetAuthorizationToken (AWS JSON 1.1). Verifies every request's SigV4 signature with its own
/// code — canonical request rebuilt from what arrived, string to sign, HMAC key chain with the known secret —
/// and answers the way AWS does, including its error JSON. Shared by the provider tests and the CLI tests
/// (which point <c>BERTH_TEST_ENDPOINTS_ECR</c> at <see cref="Endpoint"/>).
/// </summary>
public sealed class FakeEcr : IAsyncDisposable
{
    public const string AccessKeyId = "AKIAFAKEEXAMPLE00001";
    public const string SecretAccessKey = "fake/Secret+Access/Key0123456789abcdefXYZ";
    public const string RegistryPassword = "ecr-registry-password-0123456789";

    private const string GetAuthorizationTokenTarget = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    private const string DescribeRepositoriesTarget = "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories";
    private const string CreateRepositoryTarget = "AmazonEC2ContainerRegistry_V20150921.CreateRepository";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private RegistryForwarder? _registry;
    private int _maxPageSize = 1000;
    private int _tokens;
    private int _describeCalls;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _createRequests = new();

    private FakeEcr(WebApplication app, Uri endpoint, TimeProvider time, string region)
    {
        _app = app;
        Endpoint = endpoint;
        _time = time;
        Region = region;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c></summary>
    public Uri Endpoint { get; }

    public string Region { get; }

    /// <summary>Tokens issued (successful calls).</summary>
    public int TokensIssued => _tokens;

    public List<string> Rejections { get; } = [];

    /// <summary>DescribeRepositories pages served.</summary>
    public int DescribeCalls => Volatile.Read(ref _describeCalls);

    /// <summary>Every signature-verified CreateRepository call, by repositoryName, in order (including already-exists answers).</summary>
    public IReadOnlyList<string> CreateRepositoryCalls => [.. _createRequests];

    /// <summary>
    /// The registry whose repositories CreateRepository creates (an ECR dialect, where pushes to repositories nobody
    /// created are refused); null answers CreateRepository with UnknownOperationException.
    /// </summary>
    public Dialects.DialectServer? Repositories { get; set; }

    /// <summary>The registry's credentials as ECR issues them: user AWS, <see cref="RegistryPassword"/>.</summary>
    public static RegistryCredentials RegistryLogin => new("AWS", RegistryPassword);

    /// <summary>
    /// The ECR API with <c>DescribeRepositories</c> answering from what <paramref name="registry"/> holds (its htpasswd
    /// must accept <see cref="RegistryLogin"/>), at most <paramref name="maxPageSize"/> per page whatever maxResults asks.
    /// </summary>
    public static async Task<FakeEcr> StartAsync(TimeProvider time, RegistryServer registry, string region = "us-east-1", int maxPageSize = 1000)
    {
        var fake = await StartAsync(time, region);
        fake._registry = new RegistryForwarder(registry);
        fake._maxPageSize = maxPageSize;
        return fake;
    }

    public static async Task<FakeEcr> StartAsync(TimeProvider time, string region = "us-east-1")
    {
        FakeEcr? fake = null;
        var app = LoopbackWebServer.CreateBuilder().Build();
        app.MapPost("/", (HttpContext c) => fake!.HandleAsync(c));
        var endpoint = await LoopbackWebServer.StartAsync(app, CancellationToken.None);
        fake = new FakeEcr(app, endpoint, time, region);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _registry?.Dispose();
    }

    /// <summary>
    /// DescribeRepositories as the API reference gives it: <c>maxResults</c> 1–1000 (else 400
    /// InvalidParameterException), <c>nextToken</c> to continue, <c>repositories[].repositoryName</c>.
    /// </summary>
    private async Task DescribeRepositoriesAsync(HttpContext context, byte[] body)
    {
        Interlocked.Increment(ref _describeCalls);
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var root = document.RootElement;
        var maxResults = root.TryGetProperty("maxResults", out var m) ? m.GetInt32() : 100;
        if (maxResults is < 1 or > 1000)
        {
            await Error(context, 400, "InvalidParameterException", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'");
            return;
        }

        var start = root.TryGetProperty("nextToken", out var t) && int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(t.GetString()!)), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : 0;
        var account = root.TryGetProperty("registryId", out var r) ? r.GetString() : "123456789012";
        var names = await RegistryContent.RepositoriesAsync(_registry!.Client, RegistryLogin, context.RequestAborted);
        var size = Math.Min(maxResults, _maxPageSize);
        var page = names.Skip(start).Take(size).Select(n => new Dictionary<string, object>
        {
            ["repositoryArn"] = $"arn:aws:ecr:{Region}:{account}:repository/{n}",
            ["registryId"] = account!,
            ["repositoryName"] = n,
            ["repositoryUri"] = $"{account}.dkr.ecr.{Region}.amazonaws.com/{n}",
            ["createdAt"] = 1.704164645E9,
            ["imageTagMutability"] = "MUTABLE",
        }).ToList();
        var answer = new Dictionary<string, object> { ["repositories"] = page };
        if (start + size < names.Count)
        {
            answer["nextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((start + size).ToString(CultureInfo.InvariantCulture)));
        }

        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer));
    }

    /// <summary>
    /// CreateRepository as the API reference gives it: <c>repositoryName</c> required (2–256 characters, lowercase
    /// path components), an existing name answered 400 <c>RepositoryAlreadyExistsException</c>, else
    /// <c>{"repository": {...}}</c> describing the new repository.
    /// </summary>
    private async Task CreateRepositoryAsync(HttpContext context, byte[] body)
    {
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var root = document.RootElement;
        var name = root.TryGetProperty("repositoryName", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
        if (name is null || name.Length is < 2 or > 256 || !System.Text.RegularExpressions.Regex.IsMatch(name, "^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$"))
        {
            await Error(context, 400, "InvalidParameterException", "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression'");
            return;
        }

        _createRequests.Enqueue(name);
        var account = root.TryGetProperty("registryId", out var r) ? r.GetString() : "123456789012";
        if (!await Repositories!.TryCreateRepositoryAsync(name, context.RequestAborted))
        {
            await Error(context, 400, "RepositoryAlreadyExistsException",
                $"The repository with name '{name}' already exists in the registry with id '{account}'");
            return;
        }

        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["repository"] = new Dictionary<string, object>
            {
                ["repositoryArn"] = $"arn:aws:ecr:{Region}:{account}:repository/{name}",
                ["registryId"] = account!,
                ["repositoryName"] = name,
                ["repositoryUri"] = $"{account}.dkr.ecr.{Region}.amazonaws.com/{name}",
                ["createdAt"] = _time.GetUtcNow().ToUnixTimeSeconds(),
                ["imageTagMutability"] = "MUTABLE",
            },
        }));
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = context.Request;

        var target = request.Headers["X-Amz-Target"].ToString();
        if (target is not (GetAuthorizationTokenTarget or DescribeRepositoriesTarget or CreateRepositoryTarget)
            || (target == DescribeRepositoriesTarget && _registry is null) || (target == CreateRepositoryTarget && Repositories is null))
        {
            await Error(context, 400, "UnknownOperationException", "");
            return;
        }

        if (request.ContentType != "application/x-amz-json-1.1")
        {
            await Error(context, 400, "SerializationException", "wrong content type " + request.ContentType);
            return;
        }

        var auth = request.Headers.Authorization.ToString();
        var parsed = ParseAuthorization(auth);
        if (parsed is null)
        {
            await Error(context, 400, "IncompleteSignatureException", "Authorization header requires Credential, SignedHeaders and Signature.");
            return;
        }

        var (credential, signedHeaders, signature) = parsed.Value;
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != AccessKeyId)
        {
            await Error(context, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }

        var (date, region, service) = (scope[1], scope[2], scope[3]);
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var names = signedHeaders.Split(';');
        var mustSign = new[] { "content-type", "host", "x-amz-date", "x-amz-target" };
        if (service != "ecr" || region != Region || scope[4] != "aws4_request" || !amzDate.StartsWith(date, StringComparison.Ordinal)
            || mustSign.Any(h => !names.Contains(h)) || !names.SequenceEqual(names.Order(StringComparer.Ordinal)))
        {
            await Error(context, 400, "InvalidSignatureException", "Credential should be scoped to a valid region, service and date, and sign the required headers.");
            return;
        }

        var signedAt = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if ((signedAt - _time.GetUtcNow()).Duration() > TimeSpan.FromMinutes(5))
        {
            await Error(context, 400, "InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier than the allowed time.");
            return;
        }

        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n').Append(request.Path.HasValue ? request.Path.Value : "/").Append('\n').Append('\n');
        foreach (var name in names)
        {
            var value = name == "host" ? request.Host.Value : string.Join(',', request.Headers[name].Select(v => v!.Trim()));
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + string.Join('/', scope[1..]) + "\n"
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + SecretAccessKey), date);
        foreach (var part in new[] { region, service, "aws4_request" })
        {
            key = Hmac(key, part);
        }

        var expected = Convert.ToHexStringLower(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            await Error(context, 403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
            return;
        }

        if (target == CreateRepositoryTarget)
        {
            await CreateRepositoryAsync(context, body);
            return;
        }

        if (target == DescribeRepositoriesTarget)
        {
            await DescribeRepositoriesAsync(context, body);
            return;
        }

        Interlocked.Increment(ref _tokens);
        var expiresAt = _time.GetUtcNow().AddHours(12).ToUnixTimeSeconds();
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + RegistryPassword));
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(
            $"{{\"authorizationData\":[{{\"authorizationToken\":\"{token}\",\"expiresAt\":{expiresAt}.5,\"proxyEndpoint\":\"https://123456789012.dkr.ecr.{Region}.amazonaws.com\"}}]}}");
    }

    private async Task Error(HttpContext context, int status, string type, string message)
    {
        Rejections.Add(type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));
    }

    private static (string Credential, string SignedHeaders, string Signature)? ParseAuthorization(string header)
    {
        const string prefix = "AWS4-HMAC-SHA256 ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header[prefix.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        return parts.TryGetValue("Credential", out var c) && parts.TryGetValue("SignedHeaders", out var h) && parts.TryGetValue("Signature", out var s)
            ? (c, h, s)
            : null;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
