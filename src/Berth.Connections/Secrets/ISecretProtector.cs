namespace Berth.Connections.Secrets;

/// <summary>Encrypts secrets for storage, bound to a context (row + field) by associated data.</summary>
public interface ISecretProtector
{
    /// <summary>Id of the current master key, stamped on new envelopes.</summary>
    string KeyId { get; }

    /// <summary>Where the key comes from: <c>BERTH_MASTER_KEY</c> or <c>key file &lt;path&gt;</c>.</summary>
    string KeySource { get; }

    string Protect(string plaintext, string context);

    /// <exception cref="MasterKeyMismatchException">The envelope was made under another key.</exception>
    /// <exception cref="SecretEnvelopeException">The envelope is malformed, altered or bound to another context.</exception>
    string Unprotect(string envelope, string context);

    /// <summary>
    /// Generates the next key and puts it somewhere durable before any secret is re-encrypted under it
    /// (see docs/secrets.md). <paramref name="newKeyFile"/> is where the key goes when the current one comes from
    /// BERTH_MASTER_KEY; it must be null for a key-file source, whose file is replaced in place.
    /// </summary>
    IKeyRotation BeginRotation(string? newKeyFile);
}
