namespace Berth.Connections.Secrets;

/// <summary>
/// Associated-data labels that bind an envelope to the row and field it was written for, so an envelope copied
/// into another connection or field fails authentication instead of decrypting.
/// </summary>
public static class SecretContext
{
    public const string KeyCheck = "key-check";

    public static string ForConnectionSecret(Guid connectionId, string name) => $"connection/{connectionId:D}/secret/{name}";

    public static string ForCachedCredential(Guid connectionId, string kind) => $"connection/{connectionId:D}/cached/{kind}";

    public static string ForPullSecretToken(Guid targetId) => $"pull-secret-target/{targetId:D}/token";
}
