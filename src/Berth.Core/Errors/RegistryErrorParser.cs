using System.Text;
using System.Text.Json;

namespace Berth.Errors;

/// <summary>
/// Reads <c>{"errors":[{"code","message","detail"}]}</c> bodies, and what registries send instead: codes as numbers or
/// numeric strings (<c>"code":"404"</c>), <c>status</c> in place of <c>code</c>, a bare <c>{"message":…}</c> or
/// <c>{"error":…}</c>, or plain text (its first line, cleaned). An empty or binary body yields no errors.
/// </summary>
public static class RegistryErrorParser
{
    private const int MaxTextLength = 300;

    public static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        try
        {
            // The whole body must be JSON: "401 Unauthorized" starts with a valid number.
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return root.ValueKind == JsonValueKind.String ? PlainText(body) : [];
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var list = new List<RegistryError>();
                foreach (var e in errors.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Object)
                    {
                        list.Add(Entry(e));
                    }
                }

                return list;
            }

            var message = Property(root, "message") ?? Property(root, "error_description") ?? Property(root, "error") ?? Property(root, "details") ?? Property(root, "detail");
            return message is null ? [] : [new RegistryError(Property(root, "code") ?? "", Clean(message), null)];
        }
        catch (JsonException)
        {
            return PlainText(body);
        }
    }

    private static RegistryError Entry(JsonElement e)
    {
        var code = Property(e, "code") ?? Property(e, "status");
        return new RegistryError(code ?? "UNKNOWN", Property(e, "message"), Property(e, "detail"));
    }

    private static string? Property(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? AsText(value) : null;

    // Codes are strings in the spec, but some registries send numbers, and objects or arrays in detail.
    private static string? AsText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };

    /// <summary>A plain-text answer (nginx's "401 Authorization Required", a proxy's sentence): its first line, if it is text.</summary>
    private static IReadOnlyList<RegistryError> PlainText(ReadOnlySpan<byte> body)
    {
        var prefix = body[..Math.Min(body.Length, 4096)];
        if (prefix.Contains((byte)0) || prefix.IndexOf("<html"u8) >= 0 || prefix.IndexOf("<HTML"u8) >= 0 || prefix.IndexOf("<!DOCTYPE"u8) >= 0)
        {
            return [];
        }

        var text = Encoding.UTF8.GetString(prefix).Trim();
        var newline = text.IndexOfAny(['\r', '\n']);
        var line = Clean(newline >= 0 ? text[..newline] : text);
        return line.Length == 0 ? [] : [new RegistryError("", line, null)];
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxTextLength));
        foreach (var c in text)
        {
            if (builder.Length >= MaxTextLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}
