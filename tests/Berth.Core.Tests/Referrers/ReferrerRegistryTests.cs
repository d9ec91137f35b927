using Berth.Content;
using Berth.Core.Tests.Transfer;
using Berth.Referrers;
using Berth.References;
using Berth.Testing;
using Berth.Transfer;
using Berth.Transfer.Sync;

namespace Berth.Core.Tests.Referrers;

/// <summary>
/// Referrers written by the tests into real Distribution 2.8 registries (no referrers API: the fallback tag for real), and
/// through <see cref="ReferrersApiProxy"/> for the API path; copies checked digest for digest with skopeo.
/// </summary>
[Collection(TransferRegistries.Name)]
public sealed class ReferrerRegistryTests(TransferWorld world)
{
    private const string Sbom = "application/spdx+json";
    private const string Signature = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private const string Attestation = "application/vnd.in-toto+json";

    /// <summary>Pushes app:1 to <paramref name="repository"/> and signs it: an SBOM (fallback tag), a signature of the SBOM (fallback tag) and a cosign .sig.</summary>
    private async Task<(string Image, PushedReferrer Sbom, PushedReferrer SbomSignature, PushedReferrer Cosign)> SignedImageAsync(string repository)
    {
        var image = await RegistrySeeder.PushWithSkopeoAsync(world.App, world.Source, repository, "1");
        var size = world.App.ManifestBytes.Length;
        var sbom = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, repository, image, MediaTypes.OciManifest, size, Sbom, "{\"spdxVersion\":\"SPDX-2.3\"}",
            ReferrerStyle.FallbackTag, new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2026-11-30T00:00:00Z" });
        var signature = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, repository, sbom.Digest, sbom.MediaType, sbom.Size, Signature, "{\"sig\":\"sbom\"}",
            ReferrerStyle.FallbackTag);
        var cosign = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, repository, image, MediaTypes.OciManifest, size, "", "{\"critical\":{}}",
            ReferrerStyle.CosignSignature);
        return (image, sbom, signature, cosign);
    }

    [Fact]
    public async Task Distribution_has_no_referrers_API_so_the_fallback_index_and_cosign_tags_are_read_recursively()
    {
        var signed = await SignedImageAsync("ref-list");
        using var client = world.Client(world.Source);
        var lister = new ReferrerLister(client, "ref-list");

        var tree = await ReferrerTree.WalkAsync(lister, Digest.Parse(signed.Image), null, CancellationToken.None);

        Assert.False(tree.ViaApi);
        Assert.False(lister.ReferrersApi);
        Assert.Equal([signed.Sbom.Digest, signed.Cosign.Digest], tree.Referrers.Select(n => n.Referrer.Digest));
        var sbom = tree.Referrers[0];
        Assert.Equal(ReferrerSource.FallbackTag, sbom.Referrer.Source);
        Assert.Equal(Sbom, sbom.Referrer.ArtifactType);
        Assert.Equal(signed.Sbom.Size, sbom.Referrer.Descriptor.Size);
        Assert.Equal("2026-11-30T00:00:00Z", sbom.Referrer.Descriptor.Annotations!["org.opencontainers.image.created"]);
        Assert.Equal(signed.SbomSignature.Digest, Assert.Single(sbom.Referrers).Referrer.Digest);
        var cosign = tree.Referrers[1];
        Assert.Equal(ReferrerSource.CosignTag, cosign.Referrer.Source);
        Assert.Equal("sha256-" + signed.Image[7..] + ".sig", cosign.Referrer.Tag);

        var filtered = await lister.ListAsync(Digest.Parse(signed.Image), Signature, CancellationToken.None);
        Assert.Empty(filtered.Referrers);
        filtered = await lister.ListAsync(Digest.Parse(signed.Image), Sbom, CancellationToken.None);
        Assert.Equal(signed.Sbom.Digest, Assert.Single(filtered.Referrers).Digest);
    }

    [Fact]
    public async Task Copy_with_referrers_writes_every_referrer_and_the_fallback_indexes_into_an_empty_registry()
    {
        var signed = await SignedImageAsync("ref-copy");
        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);
        var progress = new RecordingProgress();

        var result = await new ImageCopier(new RegistryImageEndpoint(from, "ref-copy", "1"), new RegistryImageEndpoint(to, "ref-copy", "1"),
            new CopyOptions { Referrers = true }).CopyAsync(progress);

        Assert.Equal(3, result.ReferrersCopied);
        Assert.Equal(2, result.FallbackIndexesWritten); // the image's and the SBOM's
        foreach (var digest in new[] { signed.Image, signed.Sbom.Digest, signed.SbomSignature.Digest, signed.Cosign.Digest })
        {
            Assert.Equal(digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-copy", digest)));
        }

        Assert.Equal(signed.Cosign.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-copy", signed.Cosign.Tag)));
        var imageIndex = await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-copy", signed.Image);
        Assert.Equal([(signed.Sbom.Digest, (string?)Sbom)], imageIndex);
        var sbomIndex = await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-copy", signed.Sbom.Digest);
        Assert.Equal([(signed.SbomSignature.Digest, (string?)Signature)], sbomIndex);

        // Referrers are in place before the tag: the tag is the last thing written.
        Assert.Equal("1", progress.Events[^1].Reference);
    }

    [Fact]
    public async Task Fallback_index_already_at_the_destination_is_merged_never_dropped()
    {
        var signed = await SignedImageAsync("ref-merge");
        // The destination already has the image and another referrer of it, listed in its own fallback index.
        await RegistrySeeder.PushWithSkopeoAsync(world.App, world.Target, "ref-merge", "old");
        var existing = await ReferrerSeeder.AttachAsync(world.Target.BaseUri, "ref-merge", signed.Image, MediaTypes.OciManifest, world.App.ManifestBytes.Length,
            Attestation, "{\"predicateType\":\"https://slsa.dev/provenance/v1\"}", ReferrerStyle.FallbackTag);
        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);

        await new ImageCopier(new RegistryImageEndpoint(from, "ref-merge", "1"), new RegistryImageEndpoint(to, "ref-merge", "1"),
            new CopyOptions { Referrers = true }).CopyAsync();

        var merged = await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-merge", signed.Image);
        Assert.Equal([(existing.Digest, (string?)Attestation), (signed.Sbom.Digest, Sbom)], merged);

        // A second copy finds everything in place and leaves the index byte for byte as it was.
        var before = await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-merge", "sha256-" + signed.Image[7..]));
        var again = await new ImageCopier(new RegistryImageEndpoint(from, "ref-merge", "1"), new RegistryImageEndpoint(to, "ref-merge", "1"),
            new CopyOptions { Referrers = true }).CopyAsync();
        Assert.True(again.Images[0].UpToDate);
        Assert.Equal(0, again.FallbackIndexesWritten);
        Assert.Equal(0, again.ReferrersCopied);
        Assert.Equal(before, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-merge", "sha256-" + signed.Image[7..])));
    }

    [Fact]
    public async Task All_tags_with_referrers_leaves_referrer_tags_to_their_subject_so_a_fallback_index_is_merged_not_overwritten()
    {
        var signed = await SignedImageAsync("ref-all");
        await RegistrySeeder.PushWithSkopeoAsync(world.App, world.Target, "ref-all", "old");
        var existing = await ReferrerSeeder.AttachAsync(world.Target.BaseUri, "ref-all", signed.Image, MediaTypes.OciManifest, world.App.ManifestBytes.Length,
            Attestation, "{\"kept\":true}", ReferrerStyle.FallbackTag);
        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);

        var result = await new ImageCopier(new RegistryImageEndpoint(from, "ref-all", null), new RegistryImageEndpoint(to, "ref-all", null),
            new CopyOptions { Referrers = true, AllTags = true }).CopyAsync();

        Assert.Equal(["1"], result.Images.Select(i => i.SourceReference));
        Assert.Equal([(existing.Digest, (string?)Attestation), (signed.Sbom.Digest, Sbom)],
            await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-all", signed.Image));
        Assert.Equal(signed.Cosign.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-all", signed.Cosign.Tag)));
    }

    [Fact]
    public async Task Referrers_of_each_platform_of_an_index_travel_with_it()
    {
        var index = await RegistrySeeder.PushWithSkopeoAsync(world.Multi, world.Source, "ref-multi", "1");
        var arm = world.Multi.Manifests[1];
        var attestation = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, "ref-multi", arm.Digest, arm.MediaType, arm.ManifestBytes.Length,
            Attestation, "{\"arm\":true}", ReferrerStyle.FallbackTag);
        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);

        var result = await new ImageCopier(new RegistryImageEndpoint(from, "ref-multi", "1"), new RegistryImageEndpoint(to, "ref-multi", "1"),
            new CopyOptions { Referrers = true }).CopyAsync();

        Assert.Equal(index, result.ManifestDigest?.Value);
        Assert.Equal(1, result.ReferrersCopied);
        Assert.Equal(attestation.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-multi", attestation.Digest)));
        Assert.Equal([(attestation.Digest, (string?)Attestation)], await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-multi", arm.Digest));
    }

    [Fact]
    public async Task Referrers_API_is_used_where_served_with_paging_and_filtering_and_no_fallback_tag_is_written()
    {
        await using var source = await ReferrersApiProxy.StartAsync(world.Source);
        await using var target = await ReferrersApiProxy.StartAsync(world.Target);
        source.PageSize = 1;
        var image = await RegistrySeeder.PushWithSkopeoAsync(world.App, world.Source, "ref-api", "1");
        var size = world.App.ManifestBytes.Length;
        var sbom = await ReferrerSeeder.AttachAsync(source.BaseUri, "ref-api", image, MediaTypes.OciManifest, size, Sbom, "{\"api\":1}", ReferrerStyle.SubjectOnly);
        var attestation = await ReferrerSeeder.AttachAsync(source.BaseUri, "ref-api", image, MediaTypes.OciManifest, size, Attestation, "{\"api\":2}", ReferrerStyle.SubjectOnly);
        using var from = new Berth.Distribution.RegistryClient(new Berth.Distribution.RegistryClientOptions { Registry = RegistryHost.Parse(source.Host) });
        using var to = new Berth.Distribution.RegistryClient(new Berth.Distribution.RegistryClientOptions { Registry = RegistryHost.Parse(target.Host) });

        var lister = new ReferrerLister(from, "ref-api");
        var all = await lister.ListAsync(Digest.Parse(image), null, CancellationToken.None);
        Assert.True(all.ViaApi);
        Assert.Equal([sbom.Digest, attestation.Digest], all.Referrers.Select(r => r.Digest)); // two pages of one
        Assert.All(all.Referrers, r => Assert.Equal(ReferrerSource.Api, r.Source));
        Assert.Contains(source.RequestLog, l => l.Contains("/referrers/", StringComparison.Ordinal) && l.Contains("page=1", StringComparison.Ordinal));
        var onlySboms = await lister.ListAsync(Digest.Parse(image), Sbom, CancellationToken.None);
        Assert.Equal(sbom.Digest, Assert.Single(onlySboms.Referrers).Digest);
        // A registry that ignores the filter (no OCI-Filters-Applied) is filtered by Berth.
        source.FiltersArtifactType = false;
        onlySboms = await lister.ListAsync(Digest.Parse(image), Sbom, CancellationToken.None);
        Assert.Equal(sbom.Digest, Assert.Single(onlySboms.Referrers).Digest);

        var result = await new ImageCopier(new RegistryImageEndpoint(from, "ref-api", "1"), new RegistryImageEndpoint(to, "ref-api", "1"),
            new CopyOptions { Referrers = true }).CopyAsync();

        Assert.Equal(2, result.ReferrersCopied);
        Assert.Equal(0, result.FallbackIndexesWritten);
        var atTarget = await new ReferrerLister(to, "ref-api").ListAsync(Digest.Parse(image), null, CancellationToken.None);
        Assert.True(atTarget.ViaApi);
        Assert.Equal([sbom.Digest, attestation.Digest], atTarget.Referrers.Select(r => r.Digest));
        Assert.Empty(await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-api", image));
        Assert.Equal(sbom.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-api", sbom.Digest)));
    }

    [Fact]
    public async Task Sync_with_referrers_carries_them_skips_referrer_tags_and_brings_later_signatures_to_up_to_date_tags()
    {
        var signed = await SignedImageAsync("ref-sync");
        using var from = world.Client(world.Source);
        using var to = world.Client(world.Target);
        var plan = new List<SyncRepository> { new(from, "ref-sync", to, "ref-sync", null, null) };

        var first = await new RepositorySync(new SyncOptions { Referrers = true }).SyncAsync(plan, null);

        // The fallback tags and the cosign tag are not synced as tags of their own: they travel with their subject.
        Assert.Equal(["1"], first.Images.Select(i => i.Reference));
        Assert.Equal(SyncStatus.Copied, first.Images[0].Status);
        Assert.Equal(signed.Cosign.Digest, await Skopeo.InspectRawDigestAsync("docker://" + world.Target.Reference("ref-sync", signed.Cosign.Tag)));
        Assert.Equal([(signed.Sbom.Digest, (string?)Sbom)], await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-sync", signed.Image));

        // Signed again after the mirror ran: the tag is up to date, the new attestation still arrives and the SBOM stays listed.
        var later = await ReferrerSeeder.AttachAsync(world.Source.BaseUri, "ref-sync", signed.Image, MediaTypes.OciManifest, world.App.ManifestBytes.Length,
            Attestation, "{\"later\":true}", ReferrerStyle.FallbackTag);
        var second = await new RepositorySync(new SyncOptions { Referrers = true }).SyncAsync(plan, null);

        Assert.Equal(SyncStatus.UpToDate, Assert.Single(second.Images).Status);
        Assert.Equal([(signed.Sbom.Digest, (string?)Sbom), (later.Digest, Attestation)],
            await ReferrerSeeder.ReadFallbackIndexAsync(world.Target.BaseUri, "ref-sync", signed.Image));
    }

    [Fact]
    public async Task Copy_with_referrers_into_an_OCI_layout_is_refused_before_anything_is_written()
    {
        using var from = world.Client(world.Source);
        using var scratch = new TempDirectory();
        var copier = new ImageCopier(new RegistryImageEndpoint(from, "app", "1"), new OciLayoutEndpoint(scratch.Combine("out"), null),
            new CopyOptions { Referrers = true });

        var error = await Assert.ThrowsAsync<TransferException>(() => copier.CopyAsync());
        Assert.Contains("needs a registry destination", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(scratch.Combine("out")));
    }
}
