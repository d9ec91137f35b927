using System.Text.Json;

namespace Berth.Errors;

/// <summary>Reads <c>{"errors":[{"code","message","detail"}]}</c> bodies; anything else yields no errors.</summary>
public static class RegistryErrorParser
{
    public static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var list = new List<RegistryError>();
            foreach (var e in errors.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var code = e.TryGetProperty("code", out var c) ? AsText(c) : null;
                var message = e.TryGetProperty("message", out var m) ? AsText(m) : null;
                var detail = e.TryGetProperty("detail", out var d) ? AsText(d) : null;
                list.Add(new RegistryError(code ?? "UNKNOWN", message, detail));
            }

            return list;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // Codes are strings in the spec, but some registries send numbers or objects in detail.
    private static string? AsText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };
}
