namespace Berth.Connections;

/// <summary>
/// Something saved that uses a connection and stops working without it: <see cref="Kind"/> is <c>api-token</c>
/// (a live ci token naming it) or <c>copy-job</c> (a copy from or to it); <see cref="Description"/> is for people
/// and never holds a secret.
/// </summary>
public sealed record ConnectionDependent(string Kind, string Id, string Description);
