using Berth.Connections.UseCases;
using Berth.Server.Background;

namespace Berth.Server.Jobs;

/// <summary>
/// Rewrites the Kubernetes pull secrets whose credentials expire soon, whose connections changed, or whose last apply
/// failed; which targets are due is the use case's rule, so the one-shot CLI and the API apply the same way.
/// </summary>
internal sealed class PullSecretRefreshJob(PullSecretUseCases pullSecrets, JobRunLog log, TimeProvider time, ILogger<PullSecretRefreshJob> logger)
    : PeriodicJob(log, time, logger)
{
    public const string Name = "pull-secrets";

    protected override Task<int> RunAsync(CancellationToken cancellationToken) => pullSecrets.RefreshDueAsync(Time.GetUtcNow(), cancellationToken);
}
