using System.Text;
using Berth.Core.Tests.References;
using Berth.References;

namespace Berth.Core.Tests.Fuzz;

/// <summary>
/// <see cref="ImageReference"/>, <see cref="RegistryHost"/>, <see cref="Tag"/> and <see cref="Digest"/> over generated
/// text: each input parses or is rejected with <see cref="ReferenceFormatException"/>; TryParse never throws and agrees
/// with Parse; a parsed reference is plain ASCII (the grammar is) and its canonical and familiar forms parse back to it.
/// </summary>
[Collection(FuzzGroup.Name)]
public sealed class ReferenceFuzzTests
{
    public const int Inputs = 100_000;

    private static readonly string[] Seeds = FuzzText.Harvest(
        typeof(ImageReferenceValidTests), typeof(ImageReferenceInvalidTests), typeof(ImageReferenceApiTests),
        typeof(RegistryHostTests), typeof(TagTests), typeof(DigestTests), typeof(Vectors));

    private static readonly string[] Tokens =
    [
        "docker.io/", "library/", "localhost:5000/", "[::1]:5000/", "https://", "user:pw@", "sha256:", "sha512:", ":latest", "@sha256:",
        "__", "---", "..", "::", "[", "]", "%eth0", Vectors.EmptySha256Hex, Vectors.EmptySha256HexUpper, new string('a', 256), ":65536",
    ];

    [Fact]
    public void Reference_parsers_only_ever_reject_with_ReferenceFormatException()
    {
        var ran = FuzzRunner.Run("references", Inputs, Generate, Check, ex => ex is ReferenceFormatException, FuzzRunner.Escape);
        Assert.Equal(Inputs, ran);
    }

    private static string Generate(Random rng) => rng.Next(10) switch
    {
        < 4 => FuzzText.Mutate(rng, Seeds, Tokens),
        < 8 => FuzzText.MaybeMutate(rng, GenerateReference(rng), Tokens),
        _ => FuzzText.RandomString(rng, FuzzText.RandomLength(rng)),
    };

    private static void Check(string input)
    {
        var ok = ImageReference.TryParse(input, out var tried, out var error);
        ImageReference parsed;
        try
        {
            parsed = ImageReference.Parse(input);
        }
        catch (ReferenceFormatException) when (ok)
        {
            throw new FuzzInvariantException($"Parse refused what TryParse accepted as {tried}");
        }
        catch (ReferenceFormatException)
        {
            CheckParts(input);
            throw;
        }

        if (!ok)
        {
            throw new FuzzInvariantException($"TryParse refused ({error}) what Parse accepted");
        }

        if (parsed != tried)
        {
            throw new FuzzInvariantException($"Parse gave {parsed}, TryParse {tried}");
        }

        if (!Ascii.IsValid(input))
        {
            throw new FuzzInvariantException($"accepted non-ASCII text as {parsed.Canonical}");
        }

        if (parsed.Name.Length > ImageReference.NameTotalLengthMax)
        {
            throw new FuzzInvariantException($"name of {parsed.Name.Length} characters accepted");
        }

        foreach (var form in new[] { parsed.Canonical, parsed.Familiar })
        {
            if (ImageReference.Parse(form) != parsed)
            {
                throw new FuzzInvariantException($"'{form}' does not parse back to the same reference");
            }
        }

        CheckParts(input);
    }

    /// <summary>The part parsers see the whole input too: each may accept it or reject it, but only in its documented way.</summary>
    private static void CheckParts(string input)
    {
        Agree(RegistryHost.TryParse(input, out _), () => RegistryHost.Parse(input));
        Agree(Tag.TryParse(input, out _), () => Tag.Parse(input));
        Agree(Digest.TryParse(input, out _), () => Digest.Parse(input));
    }

    private static void Agree<T>(bool tried, Func<T> parse)
    {
        try
        {
            parse();
        }
        catch (ReferenceFormatException) when (!tried)
        {
            return;
        }

        if (!tried)
        {
            throw new FuzzInvariantException($"TryParse refused what {typeof(T).Name}.Parse accepted");
        }
    }

    // --- grammar-aware construction ---------------------------------------------------------------------------------

    private const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string HexDigits = "0123456789abcdef";

    private static string GenerateReference(Random rng)
    {
        var sb = new StringBuilder();
        if (rng.Chance(4))
        {
            sb.Append(rng.Pick(["https://", "http://", "oci://", "https://user:secret@"]));
        }

        if (rng.Chance(55))
        {
            sb.Append(Host(rng)).Append('/');
        }

        var components = rng.Chance(5) ? rng.Next(6, 40) : rng.Next(1, 5);
        for (var i = 0; i < components; i++)
        {
            if (i > 0)
            {
                sb.Append(rng.Chance(2) ? "//" : "/");
            }

            sb.Append(PathComponent(rng));
        }

        if (rng.Chance(50))
        {
            sb.Append(':').Append(TagText(rng));
        }

        if (rng.Chance(30))
        {
            sb.Append('@').Append(DigestText(rng));
        }

        return sb.ToString();
    }

    private static string Host(Random rng)
    {
        var host = rng.Next(10) switch
        {
            0 => "localhost",
            1 => $"{rng.Next(256)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(300)}",
            2 => "[" + rng.Pick(["::1", "2001:db8::1", "fe80::1%eth0", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8:9", ":::", "", Hexes(rng)]) + "]",
            3 => rng.Pick(["docker.io", "index.docker.io", "registry-1.docker.io", "DOCKER.IO", "ghcr.io", "Quay.IO"]),
            _ => DomainName(rng),
        };
        if (rng.Chance(35))
        {
            host += ":" + rng.Next(6) switch
            {
                0 => "",
                1 => "0",
                2 => "65536",
                3 => new string('9', rng.Next(1, 30)),
                4 => "-1",
                _ => rng.Next(1, 65536).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return host;
    }

    private static string Hexes(Random rng) =>
        string.Join(':', Enumerable.Range(0, rng.Next(1, 10)).Select(_ => Word(rng, HexDigits + "ABCDEF", 0, 5)));

    private static string DomainName(Random rng)
    {
        var labels = Enumerable.Range(0, rng.Next(1, 5)).Select(_ =>
        {
            var label = Word(rng, Lower + (rng.Chance(20) ? "ABCXYZ" : ""), 1, 12);
            return rng.Chance(10) ? label + "-" + label : rng.Chance(3) ? "-" + label : label;
        });
        var name = string.Join('.', labels);
        return rng.Chance(50) && !name.Contains('.', StringComparison.Ordinal) ? name + ".io" : name;
    }

    private static string PathComponent(Random rng)
    {
        if (rng.Chance(3))
        {
            return Word(rng, HexDigits, 64, 64);
        }

        if (rng.Chance(2))
        {
            return new string('a', rng.Next(100, 300));
        }

        var sb = new StringBuilder(Word(rng, Lower + (rng.Chance(5) ? "ABC" : ""), rng.Chance(3) ? 0 : 1, 10));
        var separators = rng.Next(3);
        for (var i = 0; i < separators; i++)
        {
            sb.Append(rng.Pick([".", "_", "__", "-", "--", "---", "___", "..", "._", "-_"]));
            sb.Append(Word(rng, Lower, rng.Chance(5) ? 0 : 1, 8));
        }

        return sb.ToString();
    }

    private static string TagText(Random rng)
    {
        var length = rng.Chance(5) ? rng.Next(120, 140) : rng.Next(0, 20);
        var first = rng.Chance(5) ? rng.Pick([".", "-", ""]) : "";
        return first + Word(rng, "abcXYZ019_.-" + (rng.Chance(5) ? ":@/+" : ""), length, length);
    }

    private static string DigestText(Random rng)
    {
        var algorithm = rng.Pick(["sha256", "sha512", "blake3", "sha256+b64u", "SHA256", "", "sha256_", "a.b-c", "x"]);
        var length = rng.Pick([64, 128, 32, 31, 63, 65, 0, rng.Next(200)]);
        var hex = Word(rng, HexDigits + (rng.Chance(5) ? "ABCDEFg" : ""), length, length);
        return rng.Chance(3) ? algorithm + hex : algorithm + ":" + hex;
    }

    private static string Word(Random rng, string alphabet, int min, int max)
    {
        var length = rng.Next(min, max + 1);
        return string.Create(length, (rng, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.rng.Next(state.alphabet.Length)];
            }
        });
    }
}
