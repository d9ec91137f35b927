using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.DockerConfig;

/// <summary>
/// Writes docker config files the way <c>docker login</c> does: tab-indented, <c>auth</c> as base64 of
/// <c>user:password</c> (username and password are never written as separate fields), keys sorted.
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
                WriteAuthMap(writer, file);
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
        WriteAuthMap(writer, file);
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
            writer.WriteRawValue(rawJson);
        }

        writer.WriteEndObject();
    }

    private static void WriteAuthMap(Utf8JsonWriter writer, DockerConfigFile file)
    {
        writer.WriteStartObject();
        foreach (var (server, entry) in file.Auths)
        {
            writer.WriteStartObject(server);
            WriteIfSet(writer, "auth", EncodeAuth(entry.Username, entry.Password));
            WriteIfSet(writer, "identitytoken", entry.IdentityToken);
            WriteIfSet(writer, "registrytoken", entry.RegistryToken);
            WriteIfSet(writer, "email", entry.Email);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }
}
