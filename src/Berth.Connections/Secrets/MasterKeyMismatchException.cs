using Berth.Errors;

namespace Berth.Connections.Secrets;

/// <summary>
/// Stored secrets were encrypted under a different master key than the one loaded. Berth stops here rather than
/// hand out garbage credentials; the message names the key source and both key ids, never a key.
/// </summary>
public sealed class MasterKeyMismatchException(string keySource, string storedKeyId, string currentKeyId)
    : BerthException(
        $"the stored secrets were encrypted with master key id {storedKeyId}, but the key from {keySource} has id {currentKeyId}. "
        + (keySource.StartsWith(MasterKey.EnvironmentVariable, StringComparison.Ordinal)
            ? $"Set {MasterKey.EnvironmentVariable} to the key with id {storedKeyId} (the one in use when the secrets were saved)."
            : $"Restore the original key file (id {storedKeyId}) or set {MasterKey.EnvironmentVariable} to that key.")
        + " Without that key the stored secrets cannot be read; re-enter them after removing the connections.")
{
    public override ErrorCategory Category => ErrorCategory.Failed;

    public string KeySource { get; } = keySource;

    public string StoredKeyId { get; } = storedKeyId;

    public string CurrentKeyId { get; } = currentKeyId;
}
