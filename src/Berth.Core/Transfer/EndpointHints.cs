namespace Berth.Transfer;

/// <summary>
/// What is already known about a registry endpoint (a connection's capability probe), so a copy does not try what the
/// registry does not do. Null: unknown, tried (and detected) as usual.
/// </summary>
/// <param name="Mount">Whether cross-repository blob mounts are honoured; false skips the mount request (ECR opens an upload instead).</param>
/// <param name="Referrers">Whether the OCI referrers API is served; see <see cref="RegistryImageEndpoint.ReferrersApi"/>.</param>
public sealed record EndpointHints(bool? Mount = null, bool? Referrers = null)
{
    public static EndpointHints Unknown { get; } = new();
}
