namespace Berth.Content;

/// <summary>Manifest and blob media types Berth reads and writes.</summary>
public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    /// <summary>The Accept header for manifest requests: every kind Berth understands.</summary>
    public static readonly IReadOnlyList<string> ManifestAccept =
    [
        OciIndex, DockerManifestList, OciManifest, DockerManifest, DockerSchema1Signed, DockerSchema1,
    ];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsSchema1(string? mediaType) => mediaType is DockerSchema1 or DockerSchema1Signed;
}
