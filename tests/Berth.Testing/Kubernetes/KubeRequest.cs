namespace Berth.Testing.Kubernetes;

/// <summary>One request the fake API server answered: verb, path, query, content type, body and the status it gave.</summary>
public sealed record KubeRequest(string Method, string Path, string Query, string? ContentType, string Body, int Status);
