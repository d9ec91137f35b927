using Berth.References;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

public sealed class TransferLocationTests
{
    [Theory]
    [InlineData("nginx", TransferLocationKind.Registry, null, "latest", "docker.io/library/nginx:latest")]
    [InlineData("docker://nginx:1.27", TransferLocationKind.Registry, null, "1.27", "docker.io/library/nginx:1.27")]
    [InlineData("localhost:5000/a/b", TransferLocationKind.Registry, null, "latest", "localhost:5000/a/b:latest")]
    [InlineData("oci:/tmp/x", TransferLocationKind.OciLayout, "/tmp/x", null, null)]
    [InlineData("oci:/tmp/x:v1.2", TransferLocationKind.OciLayout, "/tmp/x", "v1.2", null)]
    [InlineData("oci:rel/dir:sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", TransferLocationKind.OciLayout, "rel/dir",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null)]
    [InlineData("docker-archive:/tmp/a.tar", TransferLocationKind.DockerArchive, "/tmp/a.tar", null, null)]
    [InlineData("docker-archive:/tmp/a.tar:app:1", TransferLocationKind.DockerArchive, "/tmp/a.tar", "app:1", null)]
    [InlineData("docker-archive:a.tar:@1", TransferLocationKind.DockerArchive, "a.tar", "@1", null)]
    public void Parses_each_transport(string input, TransferLocationKind kind, string? path, string? reference, string? canonical)
    {
        var location = TransferLocation.Parse(input);

        Assert.Equal(kind, location.Kind);
        Assert.Equal(path, location.Path);
        Assert.Equal(reference, location.Reference);
        Assert.Equal(canonical, location.Image?.Canonical);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("oci:", "needs a path")]
    [InlineData("oci::tag", "needs a path")]
    [InlineData("oci:/tmp/x:", "missing the name")]
    [InlineData("oci:/tmp/x:bad tag", "neither a tag nor a digest")]
    [InlineData("docker-archive:", "needs a path")]
    [InlineData("dir:/tmp/x", "transport 'dir:' is not supported")]
    [InlineData("containers-storage:app", "not supported")]
    [InlineData("Foo/Bar", "lowercase")]
    public void Rejects_what_is_not_a_location_and_says_why(string input, string reason)
    {
        var ex = Assert.Throws<ReferenceFormatException>(() => TransferLocation.Parse(input));

        Assert.Contains(reason, ex.Message);
    }
}
