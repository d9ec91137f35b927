using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Cli.Json;

/// <summary>Writes one JSON document per command run, to the command's configured output.</summary>
internal static class CliJson
{
    /// <param name="writer">Usually <c>parse.InvocationConfiguration.Output</c>.</param>
    /// <param name="value">The value to print.</param>
    /// <param name="typeInfo">From <see cref="CliJsonContext"/>, e.g. <c>CliJsonContext.Default.RefOutput</c>.</param>
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));
    }
}
