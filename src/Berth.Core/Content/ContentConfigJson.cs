using System.Text.Json.Serialization.Metadata;

namespace Berth.Content;

/// <summary>Public access to the source-generated metadata for content types.</summary>
public static class ContentConfigJson
{
    public static JsonTypeInfo<ImageConfig> ImageConfig => ContentJsonContext.Default.ImageConfig;

    public static JsonTypeInfo<ImageManifest> ImageManifest => ContentJsonContext.Default.ImageManifest;

    public static JsonTypeInfo<ImageIndex> ImageIndex => ContentJsonContext.Default.ImageIndex;
}
