using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Berth.DockerConfig;

/// <summary>
/// Reads <c>config.json</c> and legacy <c>.dockercfg</c> files. Errors read as docker users meet them:
/// <c>Failed to parse dockercfg: invalid character 'x' after top-level value (line 3, column 2)</c>.
/// Like Go's encoding/json, field names match case-insensitively, the last duplicate key wins and
/// <c>null</c> means "not set".
/// </summary>
public static class DockerConfigReader
{
    /// <summary>Prefix of every parse error, as Codeship's and docker's users know it.</summary>
    public const string ErrorPrefix = "Failed to parse dockercfg: ";

    private const string AuthConfigType = "types.AuthConfig";

    private static readonly string[] KnownConfigJsonKeys =
        ["auths", "credsStore", "credHelpers", "HttpHeaders", "proxies", "plugins", "aliases", "features", "psFormat"];

    private static readonly string[] AuthEntryFields =
        ["auth", "username", "password", "identitytoken", "registrytoken", "email", "serveraddress"];

    /// <summary>Parses UTF-8 JSON (a leading byte-order mark is ignored).</summary>
    /// <exception cref="DockerConfigException">Syntax or content errors.</exception>
    public static DockerConfigFile Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
        }

        if (GoJsonSyntaxChecker.Check(utf8Json) is { } syntax)
        {
            int? line = null;
            int? column = null;
            if (!syntax.AtEndOfInput)
            {
                (line, column) = GoJsonSyntaxChecker.LineAndColumn(utf8Json, syntax.ByteIndex);
            }

            throw new DockerConfigException(DockerConfigErrorKind.Syntax, ErrorPrefix + GoJsonSyntaxChecker.Describe(utf8Json, syntax))
            {
                Line = line,
                Column = column,
            };
        }

        // Go replaces invalid UTF-8 with U+FFFD; we refuse it rather than invent credentials, and say where it is.
        if (!Utf8.IsValid(utf8Json))
        {
            var chars = new char[utf8Json.Length];
            Utf8.ToUtf16(utf8Json, chars, out var validBytes, out _, replaceInvalidSequences: false);
            var (line, column) = GoJsonSyntaxChecker.LineAndColumn(utf8Json, validBytes);
            throw new DockerConfigException(
                DockerConfigErrorKind.Syntax,
                ErrorPrefix + $"invalid UTF-8 text (line {line}, column {column}); save the file as UTF-8")
            {
                Line = line,
                Column = column,
            };
        }

        // Go turns a \u escape of a lone UTF-16 surrogate into U+FFFD; System.Text.Json cannot read it as a string at all.
        // Refused like invalid UTF-8, with its position.
        if (GoJsonSyntaxChecker.FindLoneSurrogateEscape(utf8Json) is { } escape)
        {
            var (line, column) = GoJsonSyntaxChecker.LineAndColumn(utf8Json, escape);
            var text = Encoding.ASCII.GetString(utf8Json.Slice(escape, 6));
            throw new DockerConfigException(
                DockerConfigErrorKind.Syntax,
                ErrorPrefix + $"invalid character escape '{text}' (line {line}, column {column}): a lone UTF-16 surrogate is not a character")
            {
                Line = line,
                Column = column,
            };
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 10_001 });
        }
        catch (JsonException ex)
        {
            // Unreachable after the two checks above unless System.Text.Json is stricter somewhere; map it all the same.
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new DockerConfigException(DockerConfigErrorKind.Syntax, ErrorPrefix + $"invalid JSON (line {line}, column {column})", ex)
            {
                Line = line,
                Column = column,
            };
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Null => DockerConfigFile.Empty,
                JsonValueKind.Object when LooksLegacy(root) => ReadLegacy(root),
                JsonValueKind.Object => ReadConfigJson(root),
                _ => throw Content($"json: cannot unmarshal {GoKind(root)} into Go value of type configfile.ConfigFile"),
            };
        }
    }

    /// <summary>Parses JSON text.</summary>
    public static DockerConfigFile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads and parses a file.</summary>
    public static async Task<DockerConfigFile> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes);
    }

    private static bool LooksLegacy(JsonElement root)
    {
        var any = false;
        foreach (var property in root.EnumerateObject())
        {
            if (KnownConfigJsonKeys.Any(k => property.NameEquals(k) || string.Equals(property.Name, k, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            if (property.Value.ValueKind != JsonValueKind.Object ||
                !property.Value.EnumerateObject().Any(p => AuthEntryFields.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static DockerConfigFile ReadConfigJson(JsonElement root)
    {
        var auths = ImmutableSortedDictionary.CreateBuilder<string, DockerAuthEntry>(StringComparer.Ordinal);
        var helpers = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var others = new List<KeyValuePair<string, string>>();
        string? credsStore = null;

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (Is(property, "auths"))
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Object)
                {
                    throw Content($"json: cannot unmarshal {GoKind(value)} into Go struct field ConfigFile.auths of type map[string]{AuthConfigType}");
                }

                foreach (var auth in value.EnumerateObject())
                {
                    auths[auth.Name] = ReadEntry(auth.Name, auth.Value, "ConfigFile.auths", "AuthConfig.auths.");
                }
            }
            else if (Is(property, "credsStore"))
            {
                credsStore = ReadString(value, "ConfigFile.credsStore") ?? credsStore;
            }
            else if (Is(property, "credHelpers"))
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Object)
                {
                    throw Content($"json: cannot unmarshal {GoKind(value)} into Go struct field ConfigFile.credHelpers of type map[string]string");
                }

                foreach (var helper in value.EnumerateObject())
                {
                    helpers[helper.Name] = ReadString(helper.Value, "ConfigFile.credHelpers") ?? "";
                }
            }
            else
            {
                others.RemoveAll(o => o.Key == property.Name);
                others.Add(new(property.Name, value.GetRawText()));
            }
        }

        return new DockerConfigFile
        {
            Auths = auths.ToImmutable(),
            CredsStore = credsStore,
            CredHelpers = helpers.ToImmutable(),
            OtherSettings = [.. others],
            Format = DockerConfigFormat.ConfigJson,
        };
    }

    private static DockerConfigFile ReadLegacy(JsonElement root)
    {
        var auths = ImmutableSortedDictionary.CreateBuilder<string, DockerAuthEntry>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            auths[property.Name] = ReadEntry(property.Name, property.Value, "dockercfg", "AuthConfig.");
        }

        return new DockerConfigFile { Auths = auths.ToImmutable(), Format = DockerConfigFormat.LegacyDockercfg };
    }

    private static DockerAuthEntry ReadEntry(string server, JsonElement value, string mapField, string fieldPrefix)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new DockerAuthEntry();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Content($"json: cannot unmarshal {GoKind(value)} into Go struct field {mapField} of type {AuthConfigType}");
        }

        string? auth = null, username = null, password = null, identityToken = null, registryToken = null, email = null;
        foreach (var field in value.EnumerateObject())
        {
            var name = AuthEntryFields.FirstOrDefault(f => string.Equals(f, field.Name, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                continue;
            }

            var text = ReadString(field.Value, fieldPrefix + name);
            switch (name)
            {
                case "auth": auth = text ?? auth; break;
                case "username": username = text ?? username; break;
                case "password": password = text ?? password; break;
                case "identitytoken": identityToken = text ?? identityToken; break;
                case "registrytoken": registryToken = text ?? registryToken; break;
                case "email": email = text ?? email; break;
                default: break;
            }
        }

        if (!string.IsNullOrEmpty(auth))
        {
            (username, password) = DecodeAuth(server, auth);
        }

        return new DockerAuthEntry
        {
            Username = EmptyToNull(username),
            Password = EmptyToNull(password),
            IdentityToken = EmptyToNull(identityToken),
            RegistryToken = EmptyToNull(registryToken),
            Email = EmptyToNull(email),
        };
    }

    /// <summary>Docker's decodeAuth: base64 of <c>user:password</c>, trailing NULs trimmed from the password.</summary>
    private static (string Username, string Password) DecodeAuth(string server, string auth)
    {
        var encoded = Encoding.ASCII.GetBytes(auth);
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) != System.Buffers.OperationStatus.Done ||
            auth.Any(c => c > 0x7F))
        {
            throw Content($"the \"auth\" value for \"{server}\" is not valid base64; it must be base64 of \"username:password\"");
        }

        var text = Encoding.UTF8.GetString(decoded, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Content($"the \"auth\" value for \"{server}\" does not decode to \"username:password\" (invalid auth configuration file)");
        }

        return (text[..colon], text[(colon + 1)..].Trim('\0'));
    }

    private static string? ReadString(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Content($"json: cannot unmarshal {GoKind(value)} into Go struct field {field} of type string"),
    };

    private static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string GoKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    private static DockerConfigException Content(string message) =>
        new(DockerConfigErrorKind.InvalidContent, ErrorPrefix + message);
}
