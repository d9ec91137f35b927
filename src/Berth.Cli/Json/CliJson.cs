using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Cli.Json;

/// <summary>Writes one JSON document per command run, to the command's configured output.</summary>
internal static class CliJson
{
    // Media types contain '+'; the default encoder would print it as \u002B, which is valid JSON but
    // hard to read and grep. Output goes to terminals and files, never into HTML.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const int FlushBytes = 16 * 1024;

    /// <param name="writer">Usually <c>parse.InvocationConfiguration.Output</c>.</param>
    /// <param name="value">The value to print.</param>
    /// <param name="typeInfo">From a source-generated context, e.g. <c>CliJsonContext.Default.RefOutput</c>.</param>
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WriteLine(Serialize(value, typeInfo, WriterOptions));
    }

    /// <summary>
    /// Writes <c>{"nameProperty": name, "listProperty": [items…]}</c> as the items arrive, a few KiB at a time, so a
    /// listing of any length (a million tags) is never held whole; the layout is what <see cref="Write{T}"/> prints.
    /// </summary>
    public static async Task WriteListAsync(TextWriter writer, string nameProperty, string name, string listProperty,
        IAsyncEnumerable<string> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        var buffer = new ArrayBufferWriter<byte>();
        var json = new Utf8JsonWriter(buffer, WriterOptions);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString(nameProperty, name);
            json.WriteStartArray(listProperty);
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                json.WriteStringValue(item);
                if (json.BytesPending > FlushBytes)
                {
                    await FlushAsync(json, buffer, writer).ConfigureAwait(false);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await FlushAsync(json, buffer, writer).ConfigureAwait(false);
        }

        await writer.WriteLineAsync().ConfigureAwait(false);
    }

    private static async Task FlushAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, TextWriter writer)
    {
        json.Flush();
        await writer.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    /// <summary>One compact line, for JSON-lines progress output.</summary>
    public static void WriteLine<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WriteLine(Serialize(value, typeInfo, WriterOptions with { Indented = false }));
    }

    private static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
