using Berth.Errors;

namespace Berth.Connections.PullSecrets;

/// <summary>A target with this name already exists in the organization.</summary>
public sealed class PullSecretTargetExistsException(string name)
    : BerthException($"a pull-secret target named '{name}' already exists; choose another name or change that one")
{
    public override ErrorCategory Category => ErrorCategory.Conflict;
}
