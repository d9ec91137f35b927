using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Connections.Providers;

/// <summary>What <see cref="AwsSigV4Signer"/> produced, with its intermediate strings for diagnosis and tests.</summary>
internal sealed record SigV4Signature(string Authorization, string AmzDate, string SignedHeaders, string CanonicalRequest, string StringToSign, string Signature);

/// <summary>
/// AWS Signature Version 4 (header form) for one request.
/// </summary>
/// <remarks>
/// Written here rather than taken from AWSSDK.Core: the SDK's AWS4Signer signs its own IRequest built by a
/// service client's pipeline (IClientConfig, marshallers, runtime handlers), not an HttpRequestMessage, so using
/// it means carrying the client stack and several megabytes into the Native AOT binary for what is a canonical
/// string and four HMACs. It is tested against AWS's published SigV4 test-suite vectors.
/// </remarks>
internal static class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// Signs a request. <paramref name="headers"/> are the headers to sign besides <c>host</c> (taken from the URI)
    /// and <c>x-amz-date</c> (from <paramref name="time"/>), which are added when absent.
    /// </summary>
    public static SigV4Signature Sign(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload,
        string accessKeyId, string secretAccessKey, string region, string service, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];

        var canonicalHeaders = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.ToLowerInvariant();
            if (!canonicalHeaders.TryGetValue(key, out var values))
            {
                canonicalHeaders[key] = values = [];
            }

            values.Add(CollapseSpaces(value));
        }

        canonicalHeaders.TryAdd("host", [HostHeader(uri)]);
        canonicalHeaders.TryAdd("x-amz-date", [amzDate]);
        var signedHeaders = string.Join(';', canonicalHeaders.Keys);

        var canonical = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(uri)).Append('\n')
            .Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, values) in canonicalHeaders)
        {
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(payload)));
        var canonicalRequest = canonical.ToString();

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key1 = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        var key2 = HMACSHA256.HashData(key1, Encoding.UTF8.GetBytes(region));
        var key3 = HMACSHA256.HashData(key2, Encoding.UTF8.GetBytes(service));
        var signingKey = HMACSHA256.HashData(key3, "aws4_request"u8);
        var signature = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(authorization, amzDate, signedHeaders, canonicalRequest, stringToSign, signature);
    }

    /// <summary>The Host header value HttpClient sends: the port only when it is not the scheme's default.</summary>
    public static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX upper-case.</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    // Each path segment is decoded and re-encoded once, as in the published test suite (ECR calls only "/").
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0 || path == "/")
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(s => Encode(Uri.UnescapeDataString(s))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? p : p[..eq];
                var value = eq < 0 ? "" : p[(eq + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    private static string CollapseSpaces(string value)
    {
        var text = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    text.Append(c);
                }

                space = true;
            }
            else
            {
                text.Append(c);
                space = false;
            }
        }

        return text.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
