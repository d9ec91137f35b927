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
