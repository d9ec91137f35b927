using System.Text;
using System.Text.Json;
using Berth.DockerConfig;

namespace Berth.Connections.Kubernetes;

/// <summary>
/// The <c>.dockerconfigjson</c> value of a <c>kubernetes.io/dockerconfigjson</c> Secret, with per registry exactly
/// the entries <c>kubectl create secret docker-registry</c> writes: <c>username</c>, <c>password</c> and
/// <c>auth</c> (base64 of <c>username:password</c>). The kubelet reads only these; an identity token (ACR's
/// refresh token) goes in as the password, which the registry accepts the same way.
/// </summary>
public static class DockerConfigJson
{
    /// <summary>The compact UTF-8 JSON for these auths (keys in the order given); entries without a usable credential are left out.</summary>
    public static byte[] Build(IEnumerable<KeyValuePair<string, DockerAuthEntry>> auths)
    {
        ArgumentNullException.ThrowIfNull(auths);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("auths");
            foreach (var (server, entry) in auths)
            {
                if (UserAndPassword(entry) is not { } pair)
                {
                    continue;
                }

                json.WriteStartObject(server);
                json.WriteString("username", pair.Username);
                json.WriteString("password", pair.Password);
                json.WriteString("auth", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair.Username + ":" + pair.Password)));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The username and password written for an entry; null when it has none the kubelet could use.</summary>
    public static (string Username, string Password)? UserAndPassword(DockerAuthEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!string.IsNullOrEmpty(entry.IdentityToken))
        {
            return (string.IsNullOrEmpty(entry.Username) ? "00000000-0000-0000-0000-000000000000" : entry.Username, entry.IdentityToken);
        }

        return !string.IsNullOrEmpty(entry.Username) && entry.Password is not null ? (entry.Username, entry.Password) : null;
    }
}
