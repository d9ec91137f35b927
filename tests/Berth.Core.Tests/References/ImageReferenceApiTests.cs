using Berth.References;
using static Berth.Core.Tests.References.Vectors;

namespace Berth.Core.Tests.References;

/// <summary>The members other code builds on: With*, Create, Reference.</summary>
public sealed class ImageReferenceApiTests
{
    [Fact]
    public void WithTag_points_at_the_tag_and_drops_the_digest()
    {
        var pinned = ImageReference.Parse("ghcr.io/o/a:1@" + D);
        var moved = pinned.WithTag(Tag.Parse("2"));
        Assert.Equal("ghcr.io/o/a:2", moved.Canonical);
        Assert.Null(moved.Digest);
        Assert.Equal("2", moved.Reference);
        Assert.Equal("ghcr.io/o/a:1@" + D, pinned.Canonical); // the original is unchanged
    }

    [Fact]
    public void WithDigest_keeps_the_tag_for_display_and_fetches_by_digest()
    {
        var reference = ImageReference.Parse("nginx:1.25").WithDigest(Digest.Parse(D));
        Assert.Equal("docker.io/library/nginx:1.25@" + D, reference.Canonical);
        Assert.Equal("nginx:1.25@" + D, reference.Familiar);
        Assert.Equal(D, reference.Reference);
    }

    [Theory]
    [InlineData("nginx:1", "busybox", "docker.io/library/busybox:1")]
    [InlineData("nginx:1", "user/app", "docker.io/user/app:1")]
    [InlineData("ghcr.io/o/a:1", "b", "ghcr.io/b:1")]
    [InlineData("localhost:5000/a@" + D, "x/y", "localhost:5000/x/y@" + D)]
    public void WithRepository_keeps_registry_tag_and_digest(string input, string repository, string canonical)
    {
        Assert.Equal(canonical, ImageReference.Parse(input).WithRepository(repository).Canonical);
    }

    [Theory]
    [InlineData("Foo", "repository name must be lowercase: 'Foo'")]
    [InlineData("a//b", "empty path component")]
    [InlineData("", "repository is empty")]
    [InlineData("a:b", "contains ':'")]
    public void WithRepository_validates(string repository, string reason)
    {
        var ex = Assert.Throws<ReferenceFormatException>(() => ImageReference.Parse("ghcr.io/o/a").WithRepository(repository));
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_normalises_like_Parse()
    {
        Assert.Equal(ImageReference.Parse("nginx"), ImageReference.Create(RegistryHost.DockerHub, "nginx"));
        Assert.Equal(
            ImageReference.Parse("localhost:5000/a/b:v1@" + D),
            ImageReference.Create(RegistryHost.Parse("localhost:5000"), "a/b", Tag.Parse("v1"), Digest.Parse(D)));
        var byDigest = ImageReference.Create(RegistryHost.Parse("ghcr.io"), "o/a", digest: Digest.Parse(D));
        Assert.Null(byDigest.Tag);
        Assert.Equal("ghcr.io/o/a@" + D, byDigest.Canonical);
    }

    [Fact]
    public void Create_checks_the_total_length_with_the_library_prefix()
    {
        var ok = ImageReference.Create(RegistryHost.DockerHub, new string('a', 237));
        Assert.Equal(255, ok.Name.Length);
        var ex = Assert.Throws<ReferenceFormatException>(() => ImageReference.Create(RegistryHost.DockerHub, new string('a', 238)));
        Assert.Contains("256 characters long", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_rejects_default_parts()
    {
        Assert.Throws<ArgumentException>(() => ImageReference.Create(default, "a"));
        Assert.Throws<ArgumentException>(() => ImageReference.Create(RegistryHost.DockerHub, "a", default(Tag)));
        Assert.Throws<ArgumentException>(() => ImageReference.Parse("a").WithDigest(default));
        Assert.Throws<ArgumentNullException>(() => ImageReference.Create(RegistryHost.DockerHub, null!));
    }

    [Fact]
    public void Parsed_references_carry_their_registry_properties()
    {
        var hub = ImageReference.Parse("nginx");
        Assert.True(hub.Registry.IsDockerHub);
        Assert.Equal("registry-1.docker.io", hub.Registry.ApiHost);

        var local = ImageReference.Parse("[::1]:5000/a/b:t");
        Assert.True(local.Registry.IsLoopback);
        Assert.Equal("::1", local.Registry.Hostname);
        Assert.Equal(5000, local.Registry.Port);
    }

    [Fact]
    public void Tag_and_digest_refer_to_different_images_so_they_are_not_equal()
    {
        Assert.NotEqual(ImageReference.Parse("nginx:1"), ImageReference.Parse("nginx:2"));
        Assert.NotEqual(ImageReference.Parse("nginx@" + D), ImageReference.Parse("nginx:latest@" + D));
        Assert.Equal(ImageReference.Parse("nginx").GetHashCode(), ImageReference.Parse("docker.io/library/nginx:latest").GetHashCode());
    }
}
