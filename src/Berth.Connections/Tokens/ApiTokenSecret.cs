using System.Security.Cryptography;
using System.Text;

namespace Berth.Connections.Tokens;

/// <summary>Generates token texts (256 random bits) and hashes them for storage and lookup.</summary>
public static class ApiTokenSecret
{
    /// <summary>Makes tokens recognisable to people and secret scanners.</summary>
    public const string Prefix = "berth_";

    private static readonly System.Buffers.SearchValues<char> Base64Url =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes. A 256-bit random token needs no salt or stretching.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Cheap shape check before a database lookup: prefix and 43 base64url characters.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 49 }
        && token.StartsWith(Prefix, StringComparison.Ordinal)
        && token.AsSpan(Prefix.Length).IndexOfAnyExcept(Base64Url) < 0;
}
