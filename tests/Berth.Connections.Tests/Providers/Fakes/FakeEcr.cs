using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Connections.Tests.Providers.Fakes;

/// <summary>
/// The ECR API's GetAuthorizationToken (AWS JSON 1.1). Verifies every request's SigV4 signature with its own
/// code — canonical request rebuilt from what arrived, string to sign, HMAC key chain with the known secret —
/// and answers the way AWS does, including its error JSON.
/// </summary>
public sealed class FakeEcr : IAsyncDisposable
{
    public const string AccessKeyId = "AKIAFAKEEXAMPLE00001";
    public const string SecretAccessKey = "fake/Secret+Access/Key0123456789abcdefXYZ";
    public const string RegistryPassword = "ecr-registry-password-0123456789";

    private readonly FakeServer _server;
    private readonly TimeProvider _time;
    private int _tokens;

    private FakeEcr(FakeServer server, TimeProvider time, string region)
    {
        _server = server;
        _time = time;
        Region = region;
    }

    public Uri Endpoint => _server.BaseUri;

    public string Region { get; }

    /// <summary>Tokens issued (successful calls).</summary>
    public int TokensIssued => _tokens;

    public List<string> Rejections { get; } = [];

    public static async Task<FakeEcr> StartAsync(TimeProvider time, string region = "us-east-1")
    {
        FakeEcr? fake = null;
        var server = await FakeServer.StartAsync(app => app.MapPost("/", (HttpContext c) => fake!.HandleAsync(c)));
        fake = new FakeEcr(server, time, region);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = context.Request;

        if (request.Headers["X-Amz-Target"] != "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
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
