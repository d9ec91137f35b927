using System.Buffers.Text;
using System.Text.Json;

namespace Berth.Content;

/// <summary>
/// The bytes a Docker schema 1 manifest's digest is computed over. A signed manifest (<c>…v1+prettyjws</c>) is the
/// pretty-printed payload with a <c>signatures</c> array spliced in before its closing brace; each signature's
/// protected header (base64url JSON) records <c>formatLength</c> (how many bytes of the body precede the splice) and
/// <c>formatTail</c> (base64url of what followed them, usually <c>"\n}"</c>). The payload is the first
/// <c>formatLength</c> bytes plus the tail, as libtrust rebuilds it — so the digest stays the same although a
/// registry re-signs the manifest on every GET. An unsigned manifest is its own payload.
/// </summary>
public static class Schema1Payload
{
    /// <summary>The payload of a schema 1 manifest; the bytes themselves when it carries no signatures.</summary>
    /// <exception cref="FormatException">Signatures whose protected headers are unreadable, out of range, or disagree.</exception>
    public static ReadOnlyMemory<byte> Of(ReadOnlyMemory<byte> manifest)
    {
        using var doc = JsonDocument.Parse(manifest);
        if (!doc.RootElement.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Array
            || signatures.GetArrayLength() == 0)
        {
            return manifest;
        }

        byte[]? payload = null;
        foreach (var signature in signatures.EnumerateArray())
        {
            var candidate = FromProtectedHeader(manifest.Span, signature);
            if (payload is not null && !payload.AsSpan().SequenceEqual(candidate))
            {
                throw new FormatException("schema 1 manifest signatures disagree about the signed payload");
            }

            payload ??= candidate;
        }

        return payload!;
    }

    private static byte[] FromProtectedHeader(ReadOnlySpan<byte> manifest, JsonElement signature)
    {
        if (signature.ValueKind != JsonValueKind.Object || !signature.TryGetProperty("protected", out var encoded)
            || encoded.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("schema 1 manifest signature has no protected header");
        }

        using var header = JsonDocument.Parse(DecodeBase64Url(encoded.GetString()!, "protected header"));
        var root = header.RootElement;
        if (!root.TryGetProperty("formatLength", out var lengthElement) || !lengthElement.TryGetInt32(out var length)
            || length <= 0 || length > manifest.Length)
        {
            throw new FormatException("schema 1 manifest signature's protected header has no valid formatLength");
        }

        var tail = root.TryGetProperty("formatTail", out var tailElement) && tailElement.ValueKind == JsonValueKind.String
            ? DecodeBase64Url(tailElement.GetString()!, "formatTail")
            : [];
        var payload = new byte[length + tail.Length];
        manifest[..length].CopyTo(payload);
        tail.CopyTo(payload.AsSpan(length));
        return payload;
    }

    private static byte[] DecodeBase64Url(string value, string what)
    {
        try
        {
            return Base64Url.DecodeFromChars(value);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"schema 1 manifest signature's {what} is not base64url", ex);
        }
    }
}
