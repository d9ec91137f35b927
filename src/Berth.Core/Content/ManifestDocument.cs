using System.Text.Json;
using Berth.References;

namespace Berth.Content;

/// <summary>
/// A manifest exactly as the registry sent it (the bytes are what the digest covers, so they are
/// kept and written back unchanged) plus its parsed form.
/// </summary>
public sealed class ManifestDocument
{
    private ManifestDocument(ReadOnlyMemory<byte> bytes, string mediaType, Digest digest, ManifestKind kind,
        ImageManifest? image, ImageIndex? index, Schema1Manifest? schema1)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Digest = digest;
        Kind = kind;
        Image = image;
        Index = index;
        Schema1 = schema1;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public string MediaType { get; }

    public Digest Digest { get; }

    public ManifestKind Kind { get; }

    public ImageManifest? Image { get; }

    public ImageIndex? Index { get; }

    public Schema1Manifest? Schema1 { get; }

    public long Size => Bytes.Length;

    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest.Value, Size = Size };

    /// <summary>
    /// Parses manifest bytes. The media type comes from the document when it names one, else from
    /// the Content-Type header, else from its shape.
    /// </summary>
    /// <exception cref="FormatException">The bytes are not a manifest Berth understands.</exception>
    public static ManifestDocument Parse(ReadOnlyMemory<byte> bytes, string? contentType)
    {
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes.Span, ContentJsonContext.Default.ManifestProbe)
                ?? throw new FormatException("manifest is JSON null");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"manifest is not valid JSON: {ex.Message}", ex);
        }

        var header = NormaliseContentType(contentType);
        var mediaType = probe.MediaType ?? header ?? Guess(probe);
        var digest = Digest.Sha256(bytes.Span);
        try
        {
            if (MediaTypes.IsIndex(mediaType) || (probe.MediaType is null && probe.Manifests is not null))
            {
                var index = JsonSerializer.Deserialize(bytes.Span, ContentJsonContext.Default.ImageIndex)!;
                return new ManifestDocument(bytes, mediaType, digest, ManifestKind.Index, null, index, null);
            }

            if (MediaTypes.IsSchema1(mediaType) || probe.SchemaVersion == 1)
            {
                var s1 = JsonSerializer.Deserialize(bytes.Span, ContentJsonContext.Default.Schema1Manifest)!;
                // Registries name a signed schema 1 manifest by its payload, signatures removed (they change on every GET).
                return new ManifestDocument(bytes, mediaType, Digest.Sha256(Schema1Payload.Of(bytes).Span), ManifestKind.Schema1, null, null, s1);
            }

            if (probe.Config is not null)
            {
                var image = JsonSerializer.Deserialize(bytes.Span, ContentJsonContext.Default.ImageManifest)!;
                return new ManifestDocument(bytes, mediaType, digest, ManifestKind.Image, image, null, null);
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"manifest of type {mediaType} is malformed: {ex.Message}", ex);
        }

        throw new FormatException($"unsupported manifest type '{mediaType}'");
    }

    private static string? NormaliseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        var value = (semi >= 0 ? contentType[..semi] : contentType).Trim();
        // Registries answer application/json or octet-stream for documents that name their own type.
        return value is "application/json" or "application/octet-stream" or "text/plain" ? null : value;
    }

    private static string Guess(ManifestProbe probe) =>
        probe.Manifests is not null ? MediaTypes.OciIndex
        : probe.SchemaVersion == 1 ? MediaTypes.DockerSchema1Signed
        : MediaTypes.OciManifest;
}
