using System.Globalization;
using System.Text.Json;

namespace Berth.Connections.Providers;

/// <summary>Small helpers shared by the token-service clients: sending, JSON reading and error shapes.</summary>
internal static class ProviderHttp
{
    /// <summary>Sends (and disposes) <paramref name="request"/>; network failures become <see cref="ProviderCredentialException"/>.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string type, string service, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new ProviderCredentialException(type, $"could not reach the {service} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {ex.Message}", inner: ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ProviderCredentialException(type, $"the {service} at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer in time", inner: ex);
            }
        }
    }

    public static JsonDocument ParseJson(string type, string service, byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Reported below without echoing the body, which may hold a token.
        }

        throw new ProviderCredentialException(type, $"the {service} answered with something that is not a JSON object");
    }

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>OAuth2 error shape: <c>{"error":"invalid_grant","error_description":"..."}</c>.</summary>
    public static (string? Code, string? Description) OAuthError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (String(root, "error"), Trim(String(root, "error_description")));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The first line of a service's description, at most 300 characters (AAD's run on with trace ids).</summary>
    public static string? Trim(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = text.Split('\n')[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
