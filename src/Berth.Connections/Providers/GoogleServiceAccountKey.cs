using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Berth.Connections.Providers;

/// <summary>
/// A Google service-account JSON key, checked for what registries and the token endpoint need. Accepts the JSON
/// or its base64 (Cloud 66's <c>cat key.json | base64</c>). ToString never shows the key.
/// </summary>
internal sealed class GoogleServiceAccountKey
{
    public const string ServiceAccountType = "service_account";

    private GoogleServiceAccountKey(string json, string clientEmail, string privateKeyPem, string? privateKeyId)
    {
        Json = json;
        ClientEmail = clientEmail;
        PrivateKeyPem = privateKeyPem;
        PrivateKeyId = privateKeyId;
    }

    /// <summary>The key file's JSON text as given (what <c>_json_key</c> expects).</summary>
    public string Json { get; }

    public string ClientEmail { get; }

    public string PrivateKeyPem { get; }

    public string? PrivateKeyId { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out GoogleServiceAccountKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var json = text.Trim();
        if (json.Length > 0 && json[0] != '{' && TryDecodeBase64(json, out var decoded))
        {
            json = decoded;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            error = $"the key file is not JSON (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}); download a JSON key for the service account (IAM & Admin > Service Accounts > Keys > Add key > JSON)";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the key file is not a JSON object; download a JSON key for the service account";
                return false;
            }

            var type = String(root, "type");
            if (type is null)
            {
                error = $"the key file has no 'type'; expected '{ServiceAccountType}'";
                return false;
            }

            if (type != ServiceAccountType)
            {
                error = $"the key file has type '{type}', not '{ServiceAccountType}'; create a key for a service account, not user credentials";
                return false;
            }

            var email = String(root, "client_email");
            if (email is null)
            {
                error = "the key file has no 'client_email'; download a new JSON key for the service account";
                return false;
            }

            var privateKey = String(root, "private_key");
            if (privateKey is null)
            {
                error = "the key file has no 'private_key'; download a new JSON key for the service account";
                return false;
            }

            key = new GoogleServiceAccountKey(json, email, privateKey, String(root, "private_key_id"));
            error = null;
            return true;
        }
    }

    public override string ToString() => $"GoogleServiceAccountKey({ClientEmail})";

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static bool TryDecodeBase64(string text, out string decoded)
    {
        decoded = "";
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[compact.Length];
        if (!Convert.TryFromBase64String(compact, buffer, out var written))
        {
            return false;
        }

        decoded = Encoding.UTF8.GetString(buffer, 0, written).Trim();
        return decoded.StartsWith('{');
    }
}
