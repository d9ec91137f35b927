namespace Berth.Transfer.Sync;

/// <summary>One tag (or digest) a sync looked at, or one repository it could not read (<see cref="Reference"/> null).</summary>
/// <param name="Source">Source repository (<c>host/path</c>).</param>
/// <param name="Target">Destination repository (<c>host/path</c>).</param>
/// <param name="Reference">The tag or digest; null when the repository itself failed.</param>
/// <param name="Status">What happened.</param>
/// <param name="Digest">The manifest digest, when known.</param>
/// <param name="Bytes">Blob bytes sent (or that would be sent).</param>
/// <param name="Error">Why it failed.</param>
public sealed record SyncedImage(string Source, string Target, string? Reference, SyncStatus Status, string? Digest = null, long Bytes = 0, string? Error = null);
