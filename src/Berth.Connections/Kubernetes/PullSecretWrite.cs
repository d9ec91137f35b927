namespace Berth.Connections.Kubernetes;

/// <summary>What writing the Secret into one namespace did: <c>created</c>, <c>replaced</c>, or failed with <see cref="Error"/>.</summary>
public sealed record PullSecretWrite(string Namespace, string? Action, bool ServiceAccountPatched, string? Error)
{
    public bool Ok => Error is null;
}
