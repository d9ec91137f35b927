using System.Text;
using System.Text.Json;

namespace Berth.Connections.Providers;

/// <summary>
/// Reads the username and password for one registry from a docker <c>config.json</c>/<c>auth.json</c>
/// (<c>{"auths":{"quay.io":{"auth":"base64(user:pass)"}}}</c>) or a legacy <c>.dockercfg</c> (hosts at the top).
/// Error texts never include the file's content.
/// </summary>
internal static class DockerConfigAuth
{
    public static bool TryRead(string content, string host, out string username, out string password, out string? error)
    {
        username = password = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            error = $"the docker config is not JSON (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}); upload the auth.json or .dockercfg file as downloaded";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the docker config is not a JSON object";
                return false;
            }

            var auths = root.TryGetProperty("auths", out var a) && a.ValueKind == JsonValueKind.Object ? a : root;
            var found = new List<string>();
            foreach (var entry in auths.EnumerateObject())
            {
                found.Add(entry.Name);
                if (!string.Equals(HostOf(entry.Name), host, StringComparison.OrdinalIgnoreCase) || entry.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                return ReadEntry(entry.Value, host, out username, out password, out error);
            }

            error = found.Count == 0
                ? $"the docker config has no registry entries; expected one for {host}"
                : $"the docker config has no entry for {host} (it has: {string.Join(", ", found)})";
            return false;
        }
    }

    private static bool ReadEntry(JsonElement entry, string host, out string username, out string password, out string? error)
    {
        username = password = "";
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                error = $"the docker config entry for {host} has an 'auth' value that is not base64";
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"the docker config entry for {host} has an 'auth' value that is not base64 of 'username:password'";
                return false;
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
            error = null;
            return true;
        }

        if (entry.TryGetProperty("username", out var u) && u.GetString() is { Length: > 0 } user
            && entry.TryGetProperty("password", out var p) && p.GetString() is { Length: > 0 } pass)
        {
            username = user;
            password = pass;
            error = null;
            return true;
        }

        error = $"the docker config entry for {host} has neither 'auth' nor 'username' and 'password'";
        return false;
    }

    /// <summary><c>https://quay.io/v1/</c> → <c>quay.io</c>; Hub's legacy key maps to docker.io.</summary>
    private static string HostOf(string key)
    {
        var text = key;
        var marker = text.IndexOf("://", StringComparison.Ordinal);
        if (marker >= 0)
        {
            text = text[(marker + 3)..];
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        return Berth.References.RegistryHost.TryParse(text, out var parsed) ? parsed.Name : text.ToLowerInvariant();
    }
}
