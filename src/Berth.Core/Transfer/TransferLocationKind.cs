namespace Berth.Transfer;

/// <summary>The kinds of place a copy reads from or writes to.</summary>
public enum TransferLocationKind
{
    /// <summary>A registry repository: <c>[docker://]host/repo[:tag|@digest]</c>.</summary>
    Registry,

    /// <summary>An OCI image layout directory: <c>oci:DIR[:tag]</c>.</summary>
    OciLayout,

    /// <summary>A docker-archive tar: <c>docker-archive:FILE[:ref]</c>.</summary>
    DockerArchive,
}
