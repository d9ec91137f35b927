using System.Text;
using Berth.Auth;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>
/// Google Container Registry and Artifact Registry. With a service-account JSON key the registry is given
/// <c>_json_key</c> + the JSON (or <c>_json_key_base64</c> + its base64 when keyEncoding=base64); with
/// authMode=accessToken the key signs a JWT exchanged for a one-hour access token (<c>oauth2accesstoken</c>).
/// </summary>
internal sealed class GoogleProvider(string type, string displayName, string? defaultUrl, string urlHelp) : RegistryProvider
{
    public const string JsonKeyUsername = "_json_key";
    public const string JsonKeyBase64Username = "_json_key_base64";
    public const string EncodingJson = "json";
    public const string EncodingBase64 = "base64";
    public const string ModeJsonKey = "jsonKey";
    public const string ModeAccessToken = "accessToken";

    public override string Type => type;

    public override string DisplayName => displayName;

    public override string? DefaultUrl => defaultUrl;

    public override string UrlHelp => urlHelp;

    public override string? PasswordSecretField => ProviderFieldNames.KeyJson;

    public override IReadOnlyList<ProviderField> Fields { get; } = type == "gar" ? [.. CommonFields, LocationField] : CommonFields;

    private static readonly ProviderField[] CommonFields =
    [
        new(ProviderFieldNames.KeyJson, "Service account JSON key", IsSecret: true, IsRequired: true,
            "The JSON key file of a service account with Artifact Registry Reader (or Storage Object Viewer for GCR); the JSON or its base64."),
        new(ProviderFieldNames.KeyEncoding, "Key encoding", IsSecret: false, IsRequired: false,
            "'json' (username _json_key, default) or 'base64' (username _json_key_base64)."),
        new(ProviderFieldNames.AuthMode, "Authentication mode", IsSecret: false, IsRequired: false,
            "'jsonKey' (default: the key is the password) or 'accessToken' (exchange the key for 1-hour OAuth2 access tokens)."),
    ];

    private static readonly ProviderField LocationField = new(ProviderFieldNames.Location, "Location", IsSecret: false, IsRequired: false,
        "The Artifact Registry location (us-west1, europe …); read from the URL LOCATION-docker.pkg.dev when it has that form.");

    /// <summary>
    /// A one-hour OAuth2 access token for Google's REST APIs (the Artifact Registry API lists what the registry's
    /// empty catalog hides): the cached registry credential when it already is one, else the key exchanged for one.
    /// </summary>
    internal async Task<string> ApiAccessTokenAsync(Connection connection, ProviderCredential current, ProviderContext context, CancellationToken cancellationToken)
    {
        if (current.Credential.Username == GoogleAccessTokenClient.AccessTokenUsername && current.Credential.Password is { Length: > 0 } token)
        {
            return token;
        }

        var text = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        if (!GoogleServiceAccountKey.TryParse(text, out var key, out var error))
        {
            throw new ProviderCredentialException(Type, $"connection '{connection.Name}': {error}") { Origin = ErrorOrigin.Local };
        }

        var exchanged = await GoogleAccessTokenClient.GetAsync(Type, key, context, cancellationToken).ConfigureAwait(false);
        return exchanged.Credential.Password!;
    }

    protected override void ValidateType(ConnectionDraft draft, RegistryUrl? url, List<ValidationError> errors)
    {
        if (draft.Field(ProviderFieldNames.KeyEncoding) is { } encoding && encoding is not (EncodingJson or EncodingBase64))
        {
            errors.Add(new ValidationError(ProviderFieldNames.KeyEncoding, $"key encoding '{encoding}' is not known; use '{EncodingJson}' or '{EncodingBase64}'"));
        }

        if (draft.Field(ProviderFieldNames.AuthMode) is { } mode && mode is not (ModeJsonKey or ModeAccessToken))
        {
            errors.Add(new ValidationError(ProviderFieldNames.AuthMode, $"authentication mode '{mode}' is not known; use '{ModeJsonKey}' or '{ModeAccessToken}'"));
        }

        // A key from a password file or command is checked when it is read.
        if (draft.Secrets.TryReveal(ProviderFieldNames.KeyJson, out var text) && text.Length > 0
            && !GoogleServiceAccountKey.TryParse(text, out _, out var error))
        {
            errors.Add(new ValidationError(ProviderFieldNames.KeyJson, error));
        }
    }

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        var text = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        if (!GoogleServiceAccountKey.TryParse(text, out var key, out var error))
        {
            throw new ProviderCredentialException(Type, $"connection '{connection.Name}': {error}") { Origin = ErrorOrigin.Local };
        }

        if (Field(connection, ProviderFieldNames.AuthMode) == ModeAccessToken)
        {
            return await GoogleAccessTokenClient.GetAsync(Type, key, context, cancellationToken).ConfigureAwait(false);
        }

        return Field(connection, ProviderFieldNames.KeyEncoding) == EncodingBase64
            ? LongLived(RegistryCredential.Basic(JsonKeyBase64Username, Convert.ToBase64String(Encoding.UTF8.GetBytes(key.Json))))
            : LongLived(RegistryCredential.Basic(JsonKeyUsername, key.Json));
    }
}
