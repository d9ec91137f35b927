using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Transfer;

/// <summary>
/// Serialises files other tools read (index.json, manifest.json, synthesised manifests) without
/// escaping '+' in media types as \u002B: valid either way, but naive readers and greps expect the plain form.
/// </summary>
internal static class ReadableJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.ToArray();
    }
}
