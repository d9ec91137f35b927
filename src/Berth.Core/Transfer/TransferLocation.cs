using System.Diagnostics.CodeAnalysis;
using Berth.References;

namespace Berth.Transfer;

/// <summary>
/// One side of a copy, as written on the command line (the transports skopeo uses):
/// <code>
/// location := registry-ref | "docker://" registry-ref | "oci:" DIR [":" tag-or-digest] | "docker-archive:" FILE [":" name-or-@N]
/// </code>
/// The first <c>:</c> after the transport prefix separates the path from the reference, so paths
/// cannot contain <c>:</c> (as with skopeo).
/// </summary>
public sealed record TransferLocation
{
    public const string OciPrefix = "oci:";
    public const string DockerArchivePrefix = "docker-archive:";
    public const string DockerPrefix = "docker://";

    // skopeo's other transports: named so a user gets a clear answer instead of a reference error.
    private static readonly HashSet<string> UnsupportedTransports =
        ["dir", "docker-daemon", "oci-archive", "containers-storage", "ostree", "sif", "tarball"];

    private TransferLocation(TransferLocationKind kind, ImageReference? image, string? path, string? reference)
    {
        Kind = kind;
        Image = image;
        Path = path;
        Reference = reference;
    }

    public TransferLocationKind Kind { get; }

    /// <summary>For <see cref="TransferLocationKind.Registry"/>: the image reference.</summary>
    public ImageReference? Image { get; }

    /// <summary>For a layout or archive: the directory or file.</summary>
    public string? Path { get; }

    /// <summary>
    /// For a layout: the tag or digest; for an archive: the image name or <c>@N</c>; for a registry:
    /// the tag or digest. Null when a layout or archive names none.
    /// </summary>
    public string? Reference { get; }

    public static TransferLocation Registry(ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new(TransferLocationKind.Registry, image, null, image.Reference);
    }

    public static TransferLocation OciLayout(string directory, string? tag) => new(TransferLocationKind.OciLayout, null, directory, tag);

    public static TransferLocation DockerArchive(string file, string? name) => new(TransferLocationKind.DockerArchive, null, file, name);

    /// <exception cref="ReferenceFormatException">The text is not a location.</exception>
    public static TransferLocation Parse(string s)
    {
        if (!TryParse(s, out var location, out var error))
        {
            throw new ReferenceFormatException("location", s ?? "", error);
        }

        return location;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out TransferLocation? location, [NotNullWhen(false)] out string? error)
    {
        location = null;
        if (string.IsNullOrWhiteSpace(s))
        {
            error = "location is empty";
            return false;
        }

        if (s.StartsWith(OciPrefix, StringComparison.Ordinal))
        {
            return TrySplit(s[OciPrefix.Length..], "oci", TransferLocationKind.OciLayout, out location, out error);
        }

        if (s.StartsWith(DockerArchivePrefix, StringComparison.Ordinal))
        {
            return TrySplit(s[DockerArchivePrefix.Length..], "docker-archive", TransferLocationKind.DockerArchive, out location, out error);
        }

        var text = s.StartsWith(DockerPrefix, StringComparison.Ordinal) ? s[DockerPrefix.Length..] : s;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && UnsupportedTransports.Contains(text[..colon]))
        {
            error = $"transport '{text[..colon]}:' is not supported; use a registry reference, oci:DIR[:tag] or docker-archive:FILE[:name]";
            return false;
        }

        if (!ImageReference.TryParse(text, out var image, out var reason))
        {
            error = reason;
            return false;
        }

        location = Registry(image);
        error = null;
        return true;
    }

    public override string ToString() => Kind switch
    {
        TransferLocationKind.Registry => Image!.Canonical,
        TransferLocationKind.OciLayout => OciPrefix + Path + (Reference is null ? "" : ":" + Reference),
        _ => DockerArchivePrefix + Path + (Reference is null ? "" : ":" + Reference),
    };

    private static bool TrySplit(string rest, string transport, TransferLocationKind kind, [NotNullWhen(true)] out TransferLocation? location,
        [NotNullWhen(false)] out string? error)
    {
        location = null;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var path = colon < 0 ? rest : rest[..colon];
        var reference = colon < 0 ? null : rest[(colon + 1)..];
        if (path.Length == 0)
        {
            error = $"{transport}: needs a path, e.g. {transport}:/tmp/image" + (kind == TransferLocationKind.OciLayout ? ":tag" : ".tar");
            return false;
        }

        if (reference is { Length: 0 })
        {
            error = $"{transport}:{path}: is missing the name after ':'";
            return false;
        }

        if (kind == TransferLocationKind.OciLayout && reference is not null && !Digest.TryParse(reference, out _)
            && !Tag.TryParse(reference, out _, out var tagError))
        {
            error = $"oci:{path}: '{reference}' is neither a tag nor a digest: {tagError}";
            return false;
        }

        location = new TransferLocation(kind, null, path, reference);
        error = null;
        return true;
    }
}
