namespace Berth.Testing;

/// <summary>What <see cref="TestImages"/> builds: layer count and size, platform, labels, creation time and the seed of the layer bytes.</summary>
public sealed record TestImageSpec
{
    public int LayerCount { get; init; } = 1;

    /// <summary>Size of the single file in each layer (uncompressed). The bytes are pseudo-random, so gzip barely shrinks them.</summary>
    public long LayerSize { get; init; } = 1024;

    /// <summary>One size per layer, for images whose layers differ (largest-layer and size-total tests); overrides <see cref="LayerCount"/> and <see cref="LayerSize"/>.</summary>
    public IReadOnlyList<long>? LayerSizes { get; init; }

    /// <summary>Same seed, same spec → byte-identical layers, config and manifest (hence the same digests).</summary>
    public int Seed { get; init; } = 1;

    public string Os { get; init; } = "linux";

    public string Architecture { get; init; } = "amd64";

    public string? Variant { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset Created { get; init; } = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Optional manifest <c>annotations</c>.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public TestPlatform Platform => new(Os, Architecture, Variant);

    /// <summary>The uncompressed size of each layer's file, in layer order.</summary>
    public IReadOnlyList<long> EffectiveLayerSizes => LayerSizes ?? [.. Enumerable.Repeat(LayerSize, LayerCount)];

    /// <summary>This spec for another platform.</summary>
    public TestImageSpec For(TestPlatform platform) =>
        this with { Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant };
}
