namespace Berth.Connections.PullSecrets;

/// <summary>
/// What a front end gives to create or change a target. On change, null keeps the saved value (the token above
/// all: it is never shown, so it is only sent to replace it). <see cref="Connections"/> are connection names.
/// </summary>
public sealed record PullSecretTargetInput
{
    public string? Name { get; init; }

    public string? Server { get; init; }

    public string? CaBundlePem { get; init; }

    public string? Token { get; init; }

    public IReadOnlyList<string>? Namespaces { get; init; }

    public string? NamespaceSelector { get; init; }

    public string? SecretName { get; init; }

    public IReadOnlyList<string>? Connections { get; init; }

    public bool? PatchDefaultServiceAccount { get; init; }

    public override string ToString() => $"PullSecretTargetInput {{ Name = {Name}, Server = {Server}, Token = {(Token is null ? "unchanged" : "set")} }}";
}
