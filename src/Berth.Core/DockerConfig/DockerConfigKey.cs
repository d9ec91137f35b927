using System.Security.Cryptography;
using System.Text;

namespace Berth.DockerConfig;

/// <summary>
/// A 256-bit AES key for encrypted dockercfg files. Key file format (one line, UTF-8):
/// <c>berth-aes256-v1:&lt;base64 of the 32 key bytes&gt;</c> followed by a newline; a bare base64 line of
/// 32 bytes (e.g. from <c>openssl rand -base64 32</c>) is accepted too. <see cref="KeyId"/> is public
/// (the first 8 bytes of SHA-256 of the key, hex) and names the key in errors; the key bytes never
/// appear in <see cref="ToString"/>, exceptions or output.
/// </summary>
public sealed class DockerConfigKey
{
    /// <summary>Prefix of the one-line key file.</summary>
    public const string FilePrefix = "berth-aes256-v1:";

    /// <summary>Key length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    private DockerConfigKey(byte[] bytes)
    {
        _bytes = bytes;
        var hash = SHA256.HashData(bytes);
        KeyIdBytes = hash.AsSpan(0, 8).ToArray();
        KeyId = Convert.ToHexStringLower(KeyIdBytes);
    }

    /// <summary>16 hex characters identifying the key without revealing it.</summary>
    public string KeyId { get; }

    internal byte[] KeyIdBytes { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A new key from the system's cryptographic random source.</summary>
    public static DockerConfigKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <summary>Wraps existing key bytes (copied).</summary>
    public static DockerConfigKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new DockerConfigException(
                DockerConfigErrorKind.InvalidKeyFile,
                $"the AES key is {key.Length} bytes; AES-256 needs {Length} bytes");
        }

        return new DockerConfigKey(key.ToArray());
    }

    /// <summary>Parses key file text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="source">Names the file in error messages.</param>
    public static DockerConfigKey Parse(string text, string source = "the key file")
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.Trim();
        if (line.Length == 0)
        {
            throw Invalid($"{source} is empty; create a key with 'berth dockercfg keygen -o FILE'");
        }

        if (line.Contains('\n', StringComparison.Ordinal))
        {
            throw Invalid($"{source} has more than one line; it must hold exactly one key line '{FilePrefix}<base64>'");
        }

        var body = line;
        if (line.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            body = line[FilePrefix.Length..];
        }
        else if (line.StartsWith("berth-", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
        {
            var version = line[..line.IndexOf(':', StringComparison.Ordinal)];
            throw Invalid($"{source} is a '{version}' key, which this berth does not support (expected '{FilePrefix}')");
        }

        var buffer = new byte[(body.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(body, buffer, out var written))
        {
            throw Invalid($"{source} does not hold a base64 AES key (expected one line '{FilePrefix}<base64 of {Length} bytes>')");
        }

        try
        {
            if (written != Length)
            {
                throw Invalid($"{source} holds a {written}-byte key; AES-256 needs {Length} bytes");
            }

            return new DockerConfigKey(buffer[..Length]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Reads a key file.</summary>
    public static async Task<DockerConfigKey> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        return Parse(text, $"key file '{path}'");
    }

    /// <summary>The key file line, newline-terminated. Holds the secret: write it only to a 0600 file.</summary>
    public string ToFileText() => FilePrefix + Convert.ToBase64String(_bytes) + "\n";

    /// <summary>Writes a new key file with mode 0600; refuses to replace an existing file unless <paramref name="overwrite"/>.</summary>
    public Task WriteFileAsync(string path, bool overwrite, CancellationToken cancellationToken) =>
        PrivateFile.WriteAtomicAsync(path, Encoding.UTF8.GetBytes(ToFileText()), overwrite, cancellationToken);

    public override string ToString() => $"DockerConfigKey {{ KeyId = {KeyId} }}";

    private static DockerConfigException Invalid(string message) => new(DockerConfigErrorKind.InvalidKeyFile, message);
}
