using Berth.Content;
using Berth.Referrers;
using Berth.References;

namespace Berth.Core.Tests.Referrers;

public sealed class FallbackIndexTests
{
    private static Descriptor D(char c, string type = "application/spdx+json") =>
        new() { MediaType = MediaTypes.OciManifest, Digest = "sha256:" + new string(c, 64), Size = 10, ArtifactType = type };

    [Fact]
    public void Merge_keeps_every_existing_entry_in_place_and_appends_new_digests_in_order()
    {
        var existing = new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [D('b'), D('a', "application/vnd.other")] };

        var merged = FallbackIndex.Merge(existing, [D('c'), D('a'), D('0')])!;

        Assert.Equal(["b", "a", "c", "0"], merged.Manifests.Select(m => m.Digest[7..8]));
        Assert.Equal("application/vnd.other", merged.Manifests[1].ArtifactType); // the existing descriptor, not the new one
        Assert.Equal(MediaTypes.OciIndex, merged.MediaType);
    }

    [Fact]
    public void Merge_that_adds_nothing_writes_nothing_and_a_new_index_is_written_even_when_empty_of_old_entries()
    {
        var existing = new ImageIndex { SchemaVersion = 2, Manifests = [D('a')] };
        Assert.Null(FallbackIndex.Merge(existing, [D('a')]));
        Assert.Single(FallbackIndex.Merge(null, [D('a')])!.Manifests);
    }

    [Fact]
    public void Document_round_trips_artifact_type_and_annotations()
    {
        var index = FallbackIndex.Merge(null, [D('a') with { Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-01-01" } }])!;
        var document = FallbackIndex.ToDocument(index);

        Assert.Equal(ManifestKind.Index, document.Kind);
        Assert.Equal(MediaTypes.OciIndex, document.MediaType);
        Assert.Equal("application/spdx+json", document.Index!.Manifests[0].ArtifactType);
        Assert.Equal("2026-01-01", document.Index.Manifests[0].Annotations!["org.opencontainers.image.created"]);
    }

    [Theory]
    [InlineData("sha256-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true)]
    [InlineData("sha256-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sig", true)]
    [InlineData("sha256-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.att", true)]
    [InlineData("sha256-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sbom", true)]
    [InlineData("sha256-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.txt", false)]
    [InlineData("sha256-abc", false)]
    [InlineData("v1.0", false)]
    [InlineData("latest", false)]
    public void Referrer_tags_are_recognised(string tag, bool expected) => Assert.Equal(expected, ReferrerTags.IsReferrerTag(tag));

    [Fact]
    public void Fallback_tag_is_algorithm_dash_hex()
    {
        var digest = Digest.Parse("sha256:" + new string('e', 64));
        Assert.Equal("sha256-" + new string('e', 64), ReferrerTags.Fallback(digest));
        Assert.Equal(["sha256-" + new string('e', 64) + ".sig", "sha256-" + new string('e', 64) + ".att", "sha256-" + new string('e', 64) + ".sbom"],
            ReferrerTags.Cosign(digest));
    }
}
