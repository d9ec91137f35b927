namespace Berth.Connections.Kubernetes;

/// <summary>What a create-or-replace needs to know of an existing object: its type (Secrets) and resourceVersion.</summary>
public sealed record KubernetesObjectState(string? Type, string ResourceVersion);
