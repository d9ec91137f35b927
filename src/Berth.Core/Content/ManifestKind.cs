namespace Berth.Content;

/// <summary>What a manifest document turned out to be.</summary>
public enum ManifestKind
{
    Image,
    Index,
    Schema1,
}
