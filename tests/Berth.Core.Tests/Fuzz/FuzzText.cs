using System.Reflection;
using System.Text;

namespace Berth.Core.Tests.Fuzz;

/// <summary>Building blocks of the generators: seed harvesting, mutations and random text.</summary>
internal static class FuzzText
{
    /// <summary>Longest input any generator makes (64 KiB of characters).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Characters the four grammars give a meaning to.</summary>
    public static readonly string[] GrammarChars =
        ["/", ":", "@", ".", "_", "-", "\"", ",", "=", "\\", "{", "}", "[", "]", "|", "$", "(", ")", "'", "`", "%", "*", "+", " "];

    /// <summary>Controls, separators, look-alikes, lone surrogates and characters whose case mapping leaves ASCII.</summary>
    public static readonly string[] OddChars =
    [
        "\0", "\t", "\n", "\r", "\u0001", "\u001F", "\u007F", "\u0085", "\u00A0", "\u00E9", "\u0130", "\u0131", "\u017F",
        "\u200B", "\u2028", "\u212A", "\uFEFF", "\uFF0F", "\uFF1A", "\uFFFD", "\uFFFF", "\uD800", "\uDBFF", "\uDC00",
        "\uD83D\uDE00", "\uDC00\uD800", "\u0660", "\u00B2", "\u1D7E",
    ];

    /// <summary>The distinct non-empty strings among the test data of <paramref name="testClasses"/>.</summary>
    /// <remarks>
    /// Reads the classes' <c>[InlineData]</c> rows, their <c>[MemberData]</c> sources and their string constants, so the
    /// fuzz seeds follow the parsers' own test vectors as those grow.
    /// </remarks>
    public static string[] Harvest(params Type[] testClasses)
    {
        var found = new List<string>();
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        foreach (var type in testClasses)
        {
            foreach (var field in type.GetFields(All))
            {
                if (field.IsLiteral && field.GetRawConstantValue() is string constant)
                {
                    found.Add(constant);
                }
            }

            foreach (var method in type.GetMethods(All))
            {
                foreach (var inline in method.GetCustomAttributes<InlineDataAttribute>())
                {
                    foreach (var row in inline.GetData(method))
                    {
                        found.AddRange(row.OfType<string>());
                    }
                }

                foreach (var member in method.GetCustomAttributes<MemberDataAttribute>())
                {
                    var property = type.GetProperty(member.MemberName, All);
                    if (property?.GetValue(null) is IEnumerable<object[]> rows)
                    {
                        foreach (var row in rows)
                        {
                            found.AddRange(row.OfType<string>());
                        }
                    }
                }
            }
        }

        return [.. found.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static bool Chance(this Random rng, int percent) => rng.Next(100) < percent;

    /// <summary>0–4 KiB, and 64 KiB one time in a hundred.</summary>
    public static int RandomLength(Random rng) => rng.Chance(1) ? MaxLength : rng.Next(4097);

    /// <summary>
    /// Random text of <paramref name="length"/> characters: mostly printable ASCII and grammar characters, with controls,
    /// non-ASCII letters, lone surrogates and any UTF-16 code unit mixed in.
    /// </summary>
    public static string RandomString(Random rng, int length)
    {
        var mode = rng.Next(4);
        var sb = new StringBuilder(length);
        while (sb.Length < length)
        {
            var roll = rng.Next(100);
            if (mode == 0 || roll < 5)
            {
                sb.Append((char)rng.Next(0x10000)); // any code unit, surrogates included
            }
            else if (roll < 20)
            {
                sb.Append(rng.Pick(GrammarChars));
            }
            else if (roll < 25)
            {
                sb.Append(rng.Pick(OddChars));
            }
            else
            {
                sb.Append((char)rng.Next(0x20, 0x7F));
            }
        }

        return sb.Length > length ? sb.ToString(0, length) : sb.ToString();
    }

    /// <summary>Random bytes: any value, or mostly ASCII so the JSON scanner gets past the first byte now and then.</summary>
    public static byte[] RandomBytes(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        if (rng.Chance(50))
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] >= 0x80 && rng.Chance(90))
                {
                    bytes[i] = (byte)rng.Next(0x20, 0x7F);
                }
            }
        }

        return bytes;
    }

    /// <summary>
    /// One to eight edits of a seed: bit flips, insertions of grammar characters, odd characters and
    /// <paramref name="tokens"/>, deletions, truncation, duplication, repetition and splices with another seed.
    /// </summary>
    public static string Mutate(Random rng, IReadOnlyList<string> seeds, IReadOnlyList<string> tokens)
    {
        var sb = new StringBuilder(rng.Pick(seeds));
        var edits = rng.Next(1, 9);
        for (var e = 0; e < edits; e++)
        {
            var at = rng.Next(sb.Length + 1);
            switch (rng.Next(12))
            {
                case 0 when sb.Length > 0:
                    {
                        var i = Math.Min(at, sb.Length - 1);
                        sb[i] = (char)(sb[i] ^ (1 << (rng.Chance(80) ? rng.Next(7) : rng.Next(16))));
                        break;
                    }

                case 1:
                case 2:
                    sb.Insert(at, rng.Pick(GrammarChars));
                    break;
                case 3:
                    sb.Insert(at, rng.Pick(OddChars));
                    break;
                case 4:
                case 5:
                    sb.Insert(at, rng.Pick(tokens));
                    break;
                case 6 when sb.Length > 0:
                    {
                        var start = Math.Min(at, sb.Length - 1);
                        sb.Remove(start, rng.Next(1, Math.Min(16, sb.Length - start) + 1));
                        break;
                    }

                case 7:
                    sb.Length = at;
                    break;
                case 8 when sb.Length > 0:
                    {
                        var start = Math.Min(at, sb.Length - 1);
                        var chunk = sb.ToString(start, rng.Next(1, sb.Length - start + 1));
                        sb.Insert(rng.Next(sb.Length + 1), chunk);
                        break;
                    }

                case 9 when sb.Length > 0:
                    {
                        var start = Math.Min(at, sb.Length - 1);
                        var chunk = sb.ToString(start, rng.Next(1, Math.Min(8, sb.Length - start) + 1));
                        var times = rng.Chance(10) ? rng.Next(100, 2000) : rng.Next(2, 20);
                        sb.Insert(start, string.Concat(Enumerable.Repeat(chunk, Math.Min(times, MaxLength / chunk.Length))));
                        break;
                    }

                case 10:
                    {
                        var other = rng.Pick(seeds);
                        var cut = rng.Next(other.Length + 1);
                        sb.Length = at;
                        sb.Append(other, cut, other.Length - cut);
                        break;
                    }

                case 11 when sb.Length > 0:
                    sb[Math.Min(at, sb.Length - 1)] = (char)rng.Next(0x20, 0x7F);
                    break;
                default:
                    sb.Insert(at, rng.Pick(GrammarChars));
                    break;
            }

            if (sb.Length > MaxLength)
            {
                sb.Length = MaxLength;
            }
        }

        return sb.ToString();
    }

    /// <summary>A few light edits of a generated input, so the grammar's near misses are covered as well as its hits.</summary>
    public static string MaybeMutate(Random rng, string generated, IReadOnlyList<string> tokens) =>
        rng.Chance(25) ? Mutate(rng, [generated], tokens) : generated;
}
