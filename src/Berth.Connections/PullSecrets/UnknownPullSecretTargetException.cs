using Berth.Errors;

namespace Berth.Connections.PullSecrets;

/// <summary>No pull-secret target of the organization has this name.</summary>
public sealed class UnknownPullSecretTargetException(string name, IReadOnlyList<string> known)
    : BerthException(known.Count == 0
        ? $"no pull-secret target named '{name}': none are saved yet (create one with 'berth kube target add' or POST /api/v1/pull-secret-targets)"
        : $"no pull-secret target named '{name}'; saved targets: {string.Join(", ", known)}")
{
    public override ErrorCategory Category => ErrorCategory.NotFound;
}
