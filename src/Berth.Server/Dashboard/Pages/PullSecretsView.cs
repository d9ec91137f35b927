using Berth.Connections.PullSecrets;
using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

/// <summary>One page of the organization's pull-secret targets (no token decrypted) with their per-namespace status, and the add form with what was typed and its errors.</summary>
public sealed record PullSecretsView(
    Caller Caller,
    IReadOnlyList<(PullSecretTarget Target, IReadOnlyList<string> Connections)> Targets,
    IReadOnlyList<string> ConnectionNames,
    PullSecretFormValues Form,
    IReadOnlyDictionary<string, string> Errors,
    Notice? Notice)
{
    /// <summary>The next page of targets (by name), null on the last.</summary>
    public string? NextUrl { get; init; }

    public string? PreviousUrl { get; init; }
}

/// <summary>What the add form holds; never the token (a password field is never filled back in).</summary>
public sealed record PullSecretFormValues(string? Name, string? Server, string? CaBundle, string? Namespaces, string? NamespaceSelector, string? SecretName, IReadOnlyList<string> Connections, bool PatchDefaultServiceAccount)
{
    public static PullSecretFormValues Empty { get; } = new(null, null, null, null, null, "regcred", [], true);
}
