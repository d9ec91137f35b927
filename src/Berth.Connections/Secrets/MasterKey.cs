using System.Security.Cryptography;
using System.Text;

namespace Berth.Connections.Secrets;

/// <summary>
/// A 256-bit master key and where it came from. Its <see cref="Id"/> is a short hash of the key, stamped on every
/// envelope, so a wrong key is recognised as wrong instead of producing garbage.
/// </summary>
public sealed class MasterKey
{
    public const int SizeInBytes = 32;
    public const string EnvironmentVariable = "BERTH_MASTER_KEY";

    private readonly byte[] _bytes;

    private MasterKey(byte[] bytes, string source)
    {
        _bytes = bytes;
        Source = source;
        Id = ComputeId(bytes);
    }

    /// <summary>Eight lowercase hex characters, derived from the key (one-way).</summary>
    public string Id { get; }

    /// <summary>Human description of the source: <c>BERTH_MASTER_KEY</c> or <c>key file /path/master.key</c>.</summary>
    public string Source { get; }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    public static MasterKey Generate(string source) => new(RandomNumberGenerator.GetBytes(SizeInBytes), source);

    /// <summary>Parses base64 of exactly 32 bytes; the message names <paramref name="source"/> and never the text.</summary>
    public static MasterKey FromBase64(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new MasterKeyException(
                $"{source} is not a valid master key: it is not base64. It must be the base64 encoding of exactly {SizeInBytes} random bytes, e.g. the output of 'openssl rand -base64 32'.");
        }

        if (bytes.Length != SizeInBytes)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new MasterKeyException(
                $"{source} is not a valid master key: it decodes to {bytes.Length} bytes, but exactly {SizeInBytes} are needed. Generate one with 'openssl rand -base64 32'.");
        }

        return new MasterKey(bytes, source);
    }

    /// <summary>The key as base64, for writing it to its key file or handing it to the operator; never log it.</summary>
    public string ExportBase64() => Convert.ToBase64String(_bytes);

    public override string ToString() => $"MasterKey(id={Id}, source={Source})";

    private static string ComputeId(byte[] key)
    {
        Span<byte> hash = stackalloc byte[32];
        var input = new byte[key.Length + 16];
        Encoding.ASCII.GetBytes("berth-master-key").CopyTo(input, 0);
        key.CopyTo(input, 16);
        SHA256.HashData(input, hash);
        CryptographicOperations.ZeroMemory(input);
        return Convert.ToHexStringLower(hash[..4]);
    }
}
