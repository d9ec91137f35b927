using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Berth.DockerConfig;

/// <summary>
/// Encrypts and decrypts dockercfg files with AES-256-GCM in a versioned binary format
/// (see docs/encrypted-dockercfg.md):
/// <code>
/// offset  size  field
///  0       8    magic "BERTHCFG"
///  8       1    format version (1)
///  9       1    algorithm (1 = AES-256-GCM)
/// 10       8    key id: first 8 bytes of SHA-256(key)
/// 18      12    nonce (random per file)
/// 30       4    plaintext length, big-endian
/// 34       n    ciphertext
/// 34+n    16    GCM tag
/// </code>
/// The 34-byte header is the GCM associated data, so changing any header byte fails authentication.
/// By default the binary is armoured as text (base64 in 64-column lines between
/// <c>-----BEGIN BERTH ENCRYPTED DOCKERCFG-----</c> and <c>-----END BERTH ENCRYPTED DOCKERCFG-----</c>) so it
/// diffs, pastes into CI secrets and travels through stdout; <see cref="Decrypt"/> reads either form.
/// Both directions insist the plaintext is a parsable dockercfg or config.json, so a broken file is
/// refused when it is encrypted and corrupt content never comes out of a decryption.
/// </summary>
public static class DockerConfigCipher
{
    /// <summary>The first 8 bytes of every encrypted dockercfg.</summary>
    public static ReadOnlySpan<byte> Magic => "BERTHCFG"u8;

    public const byte CurrentVersion = 1;

    public const byte AlgorithmAes256Gcm = 1;

    public const int HeaderLength = 34;

    public const int NonceLength = 12;

    public const int TagLength = 16;

    /// <summary>First line of the armoured form.</summary>
    public const string ArmorBegin = "-----BEGIN BERTH ENCRYPTED DOCKERCFG-----";

    /// <summary>Last line of the armoured form.</summary>
    public const string ArmorEnd = "-----END BERTH ENCRYPTED DOCKERCFG-----";

    /// <summary>Largest plaintext accepted; a dockercfg is a few kilobytes.</summary>
    public const int MaxPlaintextLength = 16 * 1024 * 1024;

    private const int KeyIdOffset = 10;
    private const int NonceOffset = 18;
    private const int LengthOffset = 30;

    /// <summary>A new random key.</summary>
    public static DockerConfigKey GenerateKey() => DockerConfigKey.Generate();

    /// <summary>True when the bytes start like an encrypted dockercfg (binary or armoured, any version).</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> data) =>
        data.StartsWith(Magic) || data.TrimStart(" \t\r\n"u8).StartsWith(Encoding.ASCII.GetBytes(ArmorBegin));

    /// <summary>Encrypts a dockercfg or config.json; the plaintext must parse.</summary>
    /// <param name="plaintext">The dockercfg bytes, kept exactly.</param>
    /// <param name="key">The AES key.</param>
    /// <param name="armored">True (default) for the text form, false for the raw binary.</param>
    /// <exception cref="DockerConfigException">The plaintext does not parse, or the key is missing.</exception>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, DockerConfigKey? key, bool armored = true)
    {
        if (key is null)
        {
            throw KeyMissing("no encryptor available: AES key missing");
        }

        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new DockerConfigException(DockerConfigErrorKind.InvalidContent, $"the dockercfg is larger than {MaxPlaintextLength} bytes");
        }

        DockerConfigReader.Parse(plaintext);

        var output = new byte[HeaderLength + plaintext.Length + TagLength];
        var header = output.AsSpan(0, HeaderLength);
        Magic.CopyTo(header);
        header[8] = CurrentVersion;
        header[9] = AlgorithmAes256Gcm;
        key.KeyIdBytes.CopyTo(header[KeyIdOffset..]);
        RandomNumberGenerator.Fill(header.Slice(NonceOffset, NonceLength));
        BinaryPrimitives.WriteUInt32BigEndian(header[LengthOffset..], (uint)plaintext.Length);

        using var aes = new AesGcm(key.Bytes, TagLength);
        aes.Encrypt(
            header.Slice(NonceOffset, NonceLength),
            plaintext,
            output.AsSpan(HeaderLength, plaintext.Length),
            output.AsSpan(HeaderLength + plaintext.Length, TagLength),
            header);
        return armored ? Armor(output) : output;
    }

    /// <summary>Decrypts and returns the original bytes exactly, after checking they parse as a dockercfg.</summary>
    /// <exception cref="DockerConfigException">Every failure, with <see cref="DockerConfigException.Kind"/> saying which.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> data, DockerConfigKey? key)
    {
        if (key is null)
        {
            throw KeyMissing("no decryptor available: AES key missing");
        }

        var trimmed = data.TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith(Encoding.ASCII.GetBytes(ArmorBegin)))
        {
            var binary = Dearmor(trimmed);
            return Decrypt(binary, key);
        }

        if (!data.StartsWith(Magic))
        {
            if (data.Length < Magic.Length && data.Length > 0 && Magic.StartsWith(data))
            {
                throw Truncated();
            }

            throw new DockerConfigException(
                DockerConfigErrorKind.NotEncrypted,
                "this is not an encrypted dockercfg (it does not start with the BERTHCFG header); encrypt it first with 'berth dockercfg encrypt'");
        }

        if (data.Length < 10)
        {
            throw Truncated();
        }

        if (data[8] != CurrentVersion || data[9] != AlgorithmAes256Gcm)
        {
            throw new DockerConfigException(
                DockerConfigErrorKind.UnsupportedVersion,
                $"encrypted dockercfg format version {data[8]} (algorithm {data[9]}) is not supported; this berth reads version {CurrentVersion}");
        }

        if (data.Length < HeaderLength)
        {
            throw Truncated();
        }

        var header = data[..HeaderLength];
        var fileKeyId = header.Slice(KeyIdOffset, 8);
        if (!fileKeyId.SequenceEqual(key.KeyIdBytes))
        {
            throw new DockerConfigException(
                DockerConfigErrorKind.KeyMismatch,
                $"the key does not match this file (key id {key.KeyId}, file needs {Convert.ToHexStringLower(fileKeyId)})");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[LengthOffset..]);
        var expected = (long)HeaderLength + length + TagLength;
        if (length > MaxPlaintextLength || data.Length > expected)
        {
            throw Tampered();
        }

        if (data.Length < expected)
        {
            throw Truncated();
        }

        var plaintext = new byte[length];
        using (var aes = new AesGcm(key.Bytes, TagLength))
        {
            try
            {
                aes.Decrypt(
                    header.Slice(NonceOffset, NonceLength),
                    data.Slice(HeaderLength, (int)length),
                    data.Slice(HeaderLength + (int)length, TagLength),
                    plaintext,
                    header);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw Tampered(ex);
            }
        }

        try
        {
            DockerConfigReader.Parse(plaintext);
        }
        catch (DockerConfigException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }

        return plaintext;
    }

    private static byte[] Armor(byte[] binary)
    {
        var text = new StringBuilder(ArmorBegin).Append('\n');
        var base64 = Convert.ToBase64String(binary);
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.Append(ArmorEnd).Append('\n').ToString());
    }

    private static byte[] Dearmor(ReadOnlySpan<byte> armored)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(armored);
        }
        catch (DecoderFallbackException ex)
        {
            throw Tampered(ex);
        }

        var end = text.IndexOf(ArmorEnd, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Truncated();
        }

        if (text[(end + ArmorEnd.Length)..].Trim().Length > 0)
        {
            throw Tampered();
        }

        var body = text[ArmorBegin.Length..end];
        var buffer = new byte[body.Length];
        if (!Convert.TryFromBase64String(body, buffer, out var written))
        {
            throw Tampered();
        }

        return buffer[..written];
    }

    private static DockerConfigException KeyMissing(string message) => new(DockerConfigErrorKind.KeyMissing, message);

    private static DockerConfigException Truncated() =>
        new(DockerConfigErrorKind.Truncated, "encrypted dockercfg is truncated");

    private static DockerConfigException Tampered(Exception? inner = null) => new(
        DockerConfigErrorKind.AuthenticationFailed,
        "encrypted dockercfg failed authentication: the file was modified or the key is wrong",
        inner);
}
