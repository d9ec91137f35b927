using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Berth.References;

/// <summary>
/// A content digest, <c>algorithm:hex</c>.
/// <code>
/// digest    := algorithm ":" hex
/// algorithm := /[a-z0-9]+(?:[.+_-][a-z0-9]+)*/
/// hex       := /[a-f0-9]{32,}/        ; sha256: exactly 64, sha512: exactly 128
/// </code>
/// Algorithms other than sha256 and sha512 parse (so references to them can be shown and passed on)
/// but <see cref="IsSupported"/> is false: Berth cannot verify such content. Hex must be lowercase,
/// as the OCI image spec requires for the registered algorithms.
/// </summary>
public readonly record struct Digest
{
    private const int Sha256HexLength = 64;
    private const int Sha512HexLength = 128;
    private const int MinHexLength = 32;

    private readonly string? _algorithm;
    private readonly string? _hex;
    private readonly string? _value;

    private Digest(string algorithm, string hex)
    {
        _algorithm = algorithm;
        _hex = hex;
        _value = algorithm + ":" + hex;
    }

    /// <summary>The algorithm, e.g. <c>sha256</c>.</summary>
    public string Algorithm => _algorithm ?? string.Empty;

    /// <summary>The lowercase hex encoding of the hash.</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary><c>algorithm:hex</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True for sha256 and sha512, the algorithms Berth can verify content against.</summary>
    public bool IsSupported => _algorithm is "sha256" or "sha512";

    public static Digest Parse(string s)
    {
        if (!TryParse(s, out var digest, out var error))
        {
            throw new ReferenceFormatException("digest", s, error);
        }

        return digest;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out Digest digest) => TryParse(s, out digest, out _);

    /// <summary>Parses <paramref name="s"/>; on failure <paramref name="error"/> says which rule it breaks.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Digest digest, [NotNullWhen(false)] out string? error)
    {
        digest = default;
        if (string.IsNullOrEmpty(s))
        {
            error = "digest is empty";
            return false;
        }

        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"digest '{s}' must be 'algorithm:hex', e.g. 'sha256:' followed by 64 hex characters";
            return false;
        }

        var algorithm = s[..colon];
        var hex = s[(colon + 1)..];
        if (!IsValidAlgorithm(algorithm))
        {
            error = algorithm.Length == 0
                ? "digest algorithm is empty before ':'"
                : $"digest algorithm '{algorithm}' is invalid: use lowercase letters and digits, separated by one of '.', '+', '_', '-'";
            return false;
        }

        if (hex.Length == 0)
        {
            error = "digest hex is empty after ':'";
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                error = char.IsAsciiHexDigitUpper(c)
                    ? $"digest hex must be lowercase: '{hex}'"
                    : $"digest hex contains '{c}', which is not a hexadecimal digit (0-9, a-f)";
                return false;
            }
        }

        var required = algorithm switch
        {
            "sha256" => Sha256HexLength,
            "sha512" => Sha512HexLength,
            _ => 0,
        };
        if (required > 0 && hex.Length != required)
        {
            error = $"{algorithm} digest must have exactly {required} hex characters, found {hex.Length}";
            return false;
        }

        if (required == 0 && hex.Length < MinHexLength)
        {
            error = $"digest hex must have at least {MinHexLength} characters, found {hex.Length}";
            return false;
        }

        digest = new Digest(algorithm, hex);
        error = null;
        return true;
    }

    /// <summary>The sha256 digest of <paramref name="data"/>.</summary>
    public static Digest Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return new Digest("sha256", Convert.ToHexStringLower(hash));
    }

    /// <summary>The sha512 digest of <paramref name="data"/>.</summary>
    public static Digest Sha512(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
        SHA512.HashData(data, hash);
        return new Digest("sha512", Convert.ToHexStringLower(hash));
    }

    public override string ToString() => Value;

    private static bool IsValidAlgorithm(string algorithm)
    {
        if (algorithm.Length == 0)
        {
            return false;
        }

        var previousWasSeparator = true; // the first character must be alphanumeric
        foreach (var c in algorithm)
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                previousWasSeparator = false;
            }
            else if (c is '.' or '+' or '_' or '-' && !previousWasSeparator)
            {
                previousWasSeparator = true;
            }
            else
            {
                return false;
            }
        }

        return !previousWasSeparator;
    }
}
