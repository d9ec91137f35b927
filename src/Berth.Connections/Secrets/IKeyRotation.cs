namespace Berth.Connections.Secrets;

/// <summary>A staged key rotation: commit the re-encryption, then <see cref="Complete"/>; dispose without completing to abandon it.</summary>
public interface IKeyRotation : IDisposable
{
    ISecretProtector NewProtector { get; }

    /// <summary>Where the new key now lives (the key file, or the file the operator asked for).</summary>
    string NewKeyLocation { get; }

    /// <summary>Makes the new key the current one on disk (atomic rename for a key file).</summary>
    void Complete();
}
