namespace Berth.Connections.PullSecrets;

/// <summary>
/// A target as every front end shows it (the API's JSON, <c>berth kube target show --output json</c>): the token
/// only as <c>set</c> or <c>unreadable</c> (a listed target's token is not decrypted: <c>set</c>), connections by name, when it is next rewritten, and per namespace the last
/// write and the last error.
/// </summary>
public sealed record PullSecretTargetView(
    string Name,
    string Server,
    string? CaBundle,
    string Token,
    IReadOnlyList<string> Namespaces,
    string? NamespaceSelector,
    string SecretName,
    IReadOnlyList<string> Connections,
    bool PatchDefaultServiceAccount,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    DateTimeOffset? NextRefresh,
    IReadOnlyList<PullSecretNamespaceStatus> Status)
{
    public const string TokenSet = "set";
    public const string TokenUnreadable = "unreadable";

    /// <param name="target">The saved target.</param>
    /// <param name="connections">Names of the connections it carries (see <c>PullSecretUseCases.ConnectionNamesAsync</c>).</param>
    public static PullSecretTargetView From(PullSecretTarget target, IReadOnlyList<string> connections)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new(
            target.Name, target.Server.ToString(), target.CaBundlePem, target.Token is not null || target.TokenProblem == PullSecretTarget.NotReadForList ? TokenSet : TokenUnreadable, target.Namespaces, target.NamespaceSelector,
            target.SecretName, connections, target.PatchDefaultServiceAccount, target.Created, target.Updated, target.DueAt, target.Status);
    }
}
