using Berth.Connections.Providers;
using Berth.DockerConfig;

namespace Berth.Connections.Docker;

/// <summary>
/// The username a connection's registry sees, known without reading its credential (the credential-helper
/// <c>list</c>): the saved username, or the fixed one of a derived type; empty when the username is itself a secret.
/// </summary>
public static class ServerUsername
{
    public static string Of(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Fields.TryGetValue(ProviderFieldNames.Username, out var username) && !string.IsNullOrWhiteSpace(username))
        {
            return username.Trim();
        }

        connection.Fields.TryGetValue(ProviderFieldNames.KeyEncoding, out var encoding);
        connection.Fields.TryGetValue(ProviderFieldNames.AuthMode, out var mode);
        return connection.Type switch
        {
            "ecr" => "AWS",
            "ibm" => IbmProvider.ApiKeyUsername,
            "acr" => HelperCredential.IdentityTokenUsername,
            "gcr" or "gar" when mode == GoogleProvider.ModeAccessToken => GoogleAccessTokenClient.AccessTokenUsername,
            "gcr" or "gar" => encoding == GoogleProvider.EncodingBase64 ? GoogleProvider.JsonKeyBase64Username : GoogleProvider.JsonKeyUsername,
            _ => "",
        };
    }
}
