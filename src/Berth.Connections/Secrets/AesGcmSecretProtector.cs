using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Connections.Secrets;

/// <summary>
/// AES-256-GCM envelopes: <c>v1.&lt;keyId&gt;.&lt;nonce&gt;.&lt;tag&gt;.&lt;ciphertext&gt;</c> (base64url parts), with
/// associated data binding the version, key id and context, so neither the header nor the row can be swapped.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly MasterKey _key;
    private readonly string? _keyFilePath;

    /// <summary>A protector over <paramref name="key"/>; rotation then needs a file for the new key.</summary>
    public AesGcmSecretProtector(MasterKey key)
        : this(key, keyFilePath: null)
    {
    }

    private AesGcmSecretProtector(MasterKey key, string? keyFilePath)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _keyFilePath = keyFilePath;
    }

    public string KeyId => _key.Id;

    public string KeySource => _key.Source;

    /// <summary>
    /// The key from <c>BERTH_MASTER_KEY</c> when set, else from <c>&lt;dataDirectory&gt;/master.key</c>, created
    /// (mode 0600) on first run. A key file readable by group or others is refused.
    /// </summary>
    public static AesGcmSecretProtector Load(string dataDirectory, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var fromEnvironment = getEnvironmentVariable(MasterKey.EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return new AesGcmSecretProtector(MasterKey.FromBase64(fromEnvironment, MasterKey.EnvironmentVariable));
        }

        DataDirectory.Ensure(dataDirectory);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), MasterKeyFile.FileName);
        return new AesGcmSecretProtector(MasterKeyFile.LoadOrCreate(path), path);
    }

    public string Protect(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentException.ThrowIfNullOrEmpty(context);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(_key.Bytes, TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, AssociatedData(_key.Id, context));
        }

        CryptographicOperations.ZeroMemory(plain);
        return string.Join('.', Version, _key.Id, Base64Url.EncodeToString(nonce), Base64Url.EncodeToString(tag), Base64Url.EncodeToString(cipher));
    }

    public string Unprotect(string envelope, string context)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentException.ThrowIfNullOrEmpty(context);
        var parts = envelope.Split('.');
        if (parts.Length != 5 || parts[0] != Version)
        {
            throw new SecretEnvelopeException(context, $"it is not a {Version} envelope");
        }

        var keyId = parts[1];
        if (!string.Equals(keyId, _key.Id, StringComparison.Ordinal))
        {
            throw new MasterKeyMismatchException(_key.Source, keyId, _key.Id);
        }

        byte[] nonce, tag, cipher;
        try
        {
            nonce = Base64Url.DecodeFromChars(parts[2]);
            tag = Base64Url.DecodeFromChars(parts[3]);
            cipher = Base64Url.DecodeFromChars(parts[4]);
        }
        catch (FormatException)
        {
            throw new SecretEnvelopeException(context, "its parts are not base64url");
        }

        if (nonce.Length != NonceSize || tag.Length != TagSize)
        {
            throw new SecretEnvelopeException(context, "its nonce or tag has the wrong length");
        }

        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(_key.Bytes, TagSize);
            aes.Decrypt(nonce, cipher, tag, plain, AssociatedData(keyId, context));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretEnvelopeException(context, "it fails authentication: altered in the database, or copied from another connection or field");
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    public IKeyRotation BeginRotation(string? newKeyFile)
    {
        if (_keyFilePath is not null)
        {
            if (newKeyFile is not null)
            {
                throw new KeyRotationException(
                    $"the master key lives in {_keyFilePath}, which rotation replaces in place; a separate new-key file is only for keys given in {MasterKey.EnvironmentVariable}.");
            }

            var pending = _keyFilePath + MasterKeyFile.PendingSuffix;
            var key = MasterKey.Generate(MasterKeyFile.Describe(_keyFilePath));
            MasterKeyFile.Replace(pending, key);
            return new KeyRotation(new AesGcmSecretProtector(key, _keyFilePath), _keyFilePath, pending, _keyFilePath);
        }

        if (newKeyFile is null)
        {
            throw new KeyRotationException(
                $"the master key comes from {MasterKey.EnvironmentVariable}, so Berth cannot replace it: give a file to write the new key to (berth admin rotate-key --new-key-file PATH), then set {MasterKey.EnvironmentVariable} to that file's content.");
        }

        var fresh = MasterKey.Generate(MasterKey.EnvironmentVariable);
        var path = Path.GetFullPath(newKeyFile);
        if (!MasterKeyFile.TryWriteNew(path, fresh))
        {
            throw new KeyRotationException($"{path} already exists; choose a new file for the new master key so no key is overwritten.");
        }

        return new KeyRotation(new AesGcmSecretProtector(fresh), path, staged: null, finalPath: null);
    }

    /// <summary>
    /// Finishes a rotation that committed but crashed before its key file was renamed into place: when the
    /// pending key file holds the key the database uses, it becomes the key file. Returns null otherwise.
    /// </summary>
    internal AesGcmSecretProtector? TryResumeRotation(string storedKeyId)
    {
        if (_keyFilePath is null)
        {
            return null;
        }

        var pending = _keyFilePath + MasterKeyFile.PendingSuffix;
        if (!File.Exists(pending))
        {
            return null;
        }

        var key = MasterKeyFile.Load(pending);
        if (key.Id != storedKeyId)
        {
            return null;
        }

        File.Move(pending, _keyFilePath, overwrite: true);
        return new AesGcmSecretProtector(MasterKey.FromBase64(key.ExportBase64(), MasterKeyFile.Describe(_keyFilePath)), _keyFilePath);
    }

    private static byte[] AssociatedData(string keyId, string context) =>
        Encoding.UTF8.GetBytes($"berth/{Version}/{keyId}/{context}");

    private sealed class KeyRotation(AesGcmSecretProtector next, string location, string? staged, string? finalPath) : IKeyRotation
    {
        public ISecretProtector NewProtector => next;

        public string NewKeyLocation => location;

        public void Complete()
        {
            if (staged is not null && finalPath is not null)
            {
                File.Move(staged, finalPath, overwrite: true);
            }
        }

        // The new key file is kept even when the rotation fails: if a commit failed ambiguously the database may
        // already use it, and a key that protects nothing is harmless while a lost key loses every secret.
        public void Dispose()
        {
        }
    }
}
