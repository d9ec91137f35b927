namespace Berth.Connections.Providers;

/// <summary>Names of the fields providers read from <see cref="Connection.Fields"/> and <see cref="Connection.Secrets"/>.</summary>
public static class ProviderFieldNames
{
    public const string Url = "url";
    public const string Username = "username";
    public const string Password = "password";
    public const string Token = "token";
    public const string ApiKey = "apiKey";
    public const string DockerConfig = "dockerConfig";
    public const string KeyJson = "keyJson";
    public const string KeyEncoding = "keyEncoding";
    public const string AuthMode = "authMode";
    public const string AccessKeyId = "accessKeyId";
    public const string SecretAccessKey = "secretAccessKey";
    public const string SessionToken = "sessionToken";
    public const string Region = "region";
    public const string TenantId = "tenantId";
    public const string ClientId = "clientId";
    public const string ClientSecret = "clientSecret";
    public const string Location = "location";

    /// <summary>Pseudo-fields used in validation errors about the password sources.</summary>
    public const string PasswordFile = "passwordFile";
    public const string PasswordCommand = "passwordCommand";
}
