using Berth.Connections.PullSecrets;

namespace Berth.Server.Api.Models;

/// <summary>Create or change a pull-secret target; on change, absent fields keep their value (the token is only sent to replace it).</summary>
internal sealed record PullSecretTargetRequest(
    string? Name,
    string? Server,
    string? CaBundle,
    string? Token,
    List<string>? Namespaces,
    string? NamespaceSelector,
    string? SecretName,
    List<string>? Connections,
    bool? PatchDefaultServiceAccount)
{
    public PullSecretTargetInput ToInput() => new()
    {
        Name = Name,
        Server = Server,
        CaBundlePem = CaBundle,
        Token = Token,
        Namespaces = Namespaces,
        NamespaceSelector = NamespaceSelector,
        SecretName = SecretName,
        Connections = Connections,
        PatchDefaultServiceAccount = PatchDefaultServiceAccount,
    };

    public override string ToString() => $"PullSecretTargetRequest {{ Name = {Name}, Server = {Server}, Token = {(Token is null ? "unchanged" : "set")} }}";
}

/// <summary>A target as the API shows it: the token only as <c>set</c> or <c>unreadable</c> (a list decrypts none: <c>set</c>).</summary>
internal sealed record PullSecretTargetResponse(
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
    public static PullSecretTargetResponse From(PullSecretTarget t, IReadOnlyList<string> connections) => new(
        t.Name, t.Server.ToString(), t.CaBundlePem, t.Token is not null || t.TokenProblem == PullSecretTarget.NotReadForList ? "set" : "unreadable", t.Namespaces, t.NamespaceSelector, t.SecretName,
        connections, t.PatchDefaultServiceAccount, t.Created, t.Updated, t.DueAt, t.Status);
}
