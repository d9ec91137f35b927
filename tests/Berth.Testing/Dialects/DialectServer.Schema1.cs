using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Berth.Testing.Dialects;

public sealed partial class DialectServer
{
    private readonly ECDsa _schema1Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The unsigned body of the schema 1 manifest tagged <c>signed</c>: its digest is the manifest's digest.</summary>
    public byte[] Schema1SignedPayload => Schema1Body("signed");

    /// <summary>The schema 1 manifest tagged <c>unsigned</c>, served as it is.</summary>
    public byte[] Schema1Unsigned => Schema1Body("unsigned");

    /// <summary>
    /// Serves the schema 1 tags (or their digests): <c>signed</c> as libtrust writes a signed manifest — the pretty
    /// payload with a <c>signatures</c> array spliced in before its last <c>"\n}"</c>, the protected header recording
    /// <c>formatLength</c> and <c>formatTail</c> — with a new signature and time on every GET, as Distribution re-signs.
    /// </summary>
    private async Task<bool> ServeSchema1Async(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var reference = path[(path.LastIndexOf('/') + 1)..];
        var signedDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Schema1SignedPayload));
        var unsignedDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Schema1Unsigned));
        (byte[] Body, string MediaType, string Digest)? answer =
            reference == "signed" || reference == signedDigest ? (Sign(Schema1SignedPayload), "application/vnd.docker.distribution.manifest.v1+prettyjws", signedDigest)
            : reference == "unsigned" || reference == unsignedDigest ? (Schema1Unsigned, "application/vnd.docker.distribution.manifest.v1+json", unsignedDigest)
            : null;
        if (answer is not { } found)
        {
            return false;
        }

        context.Response.ContentType = found.MediaType;
        context.Response.ContentLength = found.Body.Length;
        context.Response.Headers["Docker-Content-Digest"] = found.Digest;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(found.Body, context.RequestAborted);
        }

        return true;
    }

    private byte[] Schema1Body(string tag)
    {
        var layer = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("schema1 layer")));
        var json = $$"""
            {
               "schemaVersion": 1,
               "name": "{{Profile.Schema1Repository}}",
               "tag": "{{tag}}",
               "architecture": "amd64",
               "fsLayers": [
                  {
                     "blobSum": "{{layer}}"
                  }
               ],
               "history": [
                  {
                     "v1Compatibility": "{\"id\":\"e45a5af57b00862e5ef5782a9925979a02ba2b12dff832fd0991335f4a11e5c5\",\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2016-01-01T00:00:00Z\"}"
                  }
               ]
            }
            """;
        return Encoding.UTF8.GetBytes(json.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private byte[] Sign(byte[] payload)
    {
        var formatLength = payload.AsSpan().LastIndexOf("\n}"u8);
        var tail = payload.AsSpan(formatLength).ToArray();
        var time = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
        var protectedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{{\"formatLength\":{formatLength},\"formatTail\":\"{Base64Url.EncodeToString(tail)}\",\"time\":\"{time}\"}}"));
        var signingInput = Encoding.ASCII.GetBytes(protectedHeader + "." + Base64Url.EncodeToString(payload));
        var signature = Base64Url.EncodeToString(_schema1Key.SignData(signingInput, HashAlgorithmName.SHA256));
        var key = _schema1Key.ExportParameters(false);
        var signatures = $$"""
            ,
               "signatures": [
                  {
                     "header": {
                        "jwk": {
                           "crv": "P-256",
                           "kty": "EC",
                           "x": "{{Base64Url.EncodeToString(key.Q.X)}}",
                           "y": "{{Base64Url.EncodeToString(key.Q.Y)}}"
                        },
                        "alg": "ES256"
                     },
                     "signature": "{{signature}}",
                     "protected": "{{protectedHeader}}"
                  }
               ]
            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        return [.. payload.AsSpan(0, formatLength), .. Encoding.UTF8.GetBytes(signatures.TrimEnd('\n')), .. tail];
    }
}
