using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.DockerConfig;

/// <summary>
/// Writes docker config files the way <c>docker login</c> does: tab-indented, <c>auth</c> as base64 of
/// <c>user:password</c>, keys sorted. Username and password are written as separate fields (which docker reads too)
/// only when <c>auth</c> cannot carry them: an empty username, one holding <c>:</c>, or a password with a NUL at either
/// end would read back as other credentials or not at all.
/// Files are created with mode 0600 and replaced atomically.
/// </summary>
public static class DockerConfigWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        // Base64 '+' and '/' stay readable; the file is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serialises to UTF-8 JSON in the file's own format, or the one given.</summary>
    public static byte[] Serialize(DockerConfigFile file, DockerConfigFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if ((format ?? file.Format) == DockerConfigFormat.LegacyDockercfg)
            {
                WriteAuthMap(writer, file, skipEmpty: true);
            }
            else
            {
                WriteConfigJson(writer, file);
            }
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Serialises to a string.</summary>
    public static string SerializeToString(DockerConfigFile file, DockerConfigFormat? format = null) =>
        Encoding.UTF8.GetString(Serialize(file, format));

    /// <summary>Writes the file with mode 0600, atomically replacing any existing file.</summary>
    public static Task WriteFileAsync(string path, DockerConfigFile file, CancellationToken cancellationToken, DockerConfigFormat? format = null) =>
        PrivateFile.WriteAtomicAsync(path, Serialize(file, format), overwrite: true, cancellationToken);

    /// <summary>Base64 of <c>user:password</c>, or null when both are empty (docker's encodeAuth).</summary>
    public static string? EncodeAuth(string? username, string? password)
    {
        if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
        {
            return null;
        }

        return Convert.ToBase64String(Encoding.UTF8.GetBytes((username ?? "") + ":" + (password ?? "")));
    }

    private static void WriteConfigJson(Utf8JsonWriter writer, DockerConfigFile file)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("auths");
        WriteAuthMap(writer, file, skipEmpty: false);
        if (!string.IsNullOrEmpty(file.CredsStore))
        {
            writer.WriteString("credsStore", file.CredsStore);
        }

        if (file.CredHelpers.Count > 0)
        {
            writer.WriteStartObject("credHelpers");
            foreach (var (host, helper) in file.CredHelpers)
            {
                writer.WriteString(host, helper);
            }

            writer.WriteEndObject();
        }

        foreach (var (name, rawJson) in file.OtherSettings)
        {
            writer.WritePropertyName(name);
            // Kept as read: the reader parsed it (up to Go's 10,000 levels), while the writer's own check stops at 64.
            writer.WriteRawValue(rawJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    /// <param name="writer">Where the map goes.</param>
    /// <param name="file">Whose entries are written.</param>
    /// <param name="skipEmpty">
    /// Leaves out entries with no field to write. A legacy .dockercfg is told from config.json by its entries' fields, so
    /// one <c>{}</c> entry made the reader take the whole file for config.json, without credentials.
    /// </param>
    private static void WriteAuthMap(Utf8JsonWriter writer, DockerConfigFile file, bool skipEmpty)
    {
        writer.WriteStartObject();
        foreach (var (server, entry) in file.Auths)
        {
            if (skipEmpty && entry == new DockerAuthEntry())
            {
                continue;
            }

            writer.WriteStartObject(server);
            if (AuthCarries(entry.Username, entry.Password))
            {
                WriteIfSet(writer, "auth", EncodeAuth(entry.Username, entry.Password));
            }
            else
            {
                WriteIfSet(writer, "username", entry.Username);
                WriteIfSet(writer, "password", entry.Password);
            }

            WriteIfSet(writer, "identitytoken", entry.IdentityToken);
            WriteIfSet(writer, "registrytoken", entry.RegistryToken);
            WriteIfSet(writer, "email", entry.Email);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Whether <c>auth</c> reads back as this pair: the reader splits at the first <c>:</c>, refuses an empty username and
    /// trims NULs off both ends of the password, as docker's decodeAuth does.
    /// </summary>
    private static bool AuthCarries(string? username, string? password) =>
        (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
        || (!string.IsNullOrEmpty(username) && !username.Contains(':', StringComparison.Ordinal)
            && (string.IsNullOrEmpty(password) || (password[0] != '\0' && password[^1] != '\0')));

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
