using System.Text.Json;

namespace Berth.Errors;

/// <summary>
/// The resource an <c>UNAUTHORIZED</c>/<c>DENIED</c> error's <c>detail</c> names, as Distribution (and so Docker Hub)
/// sends it: <c>[{"Type":"repository","Class":"","Name":"library/app","Action":"pull"}]</c>; an object is accepted too.
/// </summary>
public readonly record struct RegistryAccessDetail(string Type, string Name, string Action)
{
    public static bool TryParse(string? detail, out RegistryAccessDetail parsed)
    {
        parsed = default;
        if (string.IsNullOrWhiteSpace(detail) || detail.Length > 64 * 1024)
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(detail);
            var root = doc.RootElement;
            var entry = root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 ? root[0] : root;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var name = Text(entry, "Name");
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            parsed = new RegistryAccessDetail(Text(entry, "Type") ?? "repository", name, Text(entry, "Action") ?? "");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The first error whose detail names a resource.</summary>
    public static RegistryAccessDetail? Find(IEnumerable<RegistryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            if (TryParse(error.Detail, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    private static string? Text(JsonElement entry, string name)
    {
        foreach (var property in entry.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
