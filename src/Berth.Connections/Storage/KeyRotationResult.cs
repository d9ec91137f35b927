namespace Berth.Connections.Storage;

/// <summary>What a master key rotation did; holds key ids and a location, never a key.</summary>
public sealed record KeyRotationResult(string OldKeyId, string NewKeyId, int SecretsReencrypted, string NewKeyLocation);
