using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Connections;

/// <summary>Writes <c>{"password":"set"}</c> (<c>"unreadable"</c> for one that does not decrypt); secrets are never read from or written to JSON by value.</summary>
public sealed class SecretBagJsonConverter : JsonConverter<SecretBag>
{
    public override SecretBag Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("a SecretBag cannot be read from JSON; secrets travel only through the connection store");

    public override void Write(Utf8JsonWriter writer, SecretBag value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var name in value.Names)
        {
            writer.WriteString(name, value.IsReadable(name) ? "set" : "unreadable");
        }

        writer.WriteEndObject();
    }
}
