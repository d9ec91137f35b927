using Berth.Errors;

namespace Berth.Connections.PullSecrets;

/// <summary>The target's cluster token could not be decrypted (another master key, or a damaged envelope).</summary>
public sealed class PullSecretTargetUnreadableException(string target, string reason)
    : BerthException($"pull-secret target '{target}': its cluster token cannot be decrypted ({reason}); set it again ('berth kube target update {target} --token-stdin', or PUT /api/v1/pull-secret-targets/{target} with a new token)")
{
    public override ErrorCategory Category => ErrorCategory.Failed;
}
