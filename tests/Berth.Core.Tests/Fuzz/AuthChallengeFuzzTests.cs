using System.Text;
using Berth.Auth;
using Berth.Core.Tests.Auth;

namespace Berth.Core.Tests.Fuzz;

/// <summary>
/// <see cref="AuthChallenge.ParseAll(string)"/> over generated <c>WWW-Authenticate</c> values. The parser is lenient by
/// design (a registry's odd header must not stop a pull), so it documents no exception at all: every input must parse,
/// and the scopes a challenge names go through <see cref="AccessScope.ParseList"/> as the token client sends them.
/// </summary>
[Collection(FuzzGroup.Name)]
public sealed class AuthChallengeFuzzTests
{
    public const int Inputs = 100_000;

    private static readonly string[] Seeds =
    [
        .. FuzzText.Harvest(typeof(AuthChallengeTests)),
        // The headers AuthChallengeTests parses, and the shapes registries send.
        "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\"",
        "Bearer realm=\"https://ghcr.io/token\",scope=\"repository:o/a:pull\"",
        "Basic realm = Registry",
        "Bearer realm=\"https://a/token\",error=\"bad \\\"thing\\\"\"",
        "Basic realm=\"r1\", Bearer realm=\"https://a/token\",service=\"s\"",
        "bearer REALM=\"https://x/t\"",
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\",error=\"insufficient_scope\"",
        "Negotiate YWJjZGVm==",
        "Basic realm=\"Registry Realm\"",
    ];

    private static readonly string[] Tokens =
    [
        "Bearer ", "Basic ", "realm=", "service=", "scope=", "error=", "\"", "\\\"", "\\\\", "\\", ", ", ",,", " = ", "==",
        "repository:", ":pull,push", "registry:catalog:*",
    ];

    [Fact]
    public void Challenge_parser_accepts_every_input_without_throwing()
    {
        var ran = FuzzRunner.Run("challenges", Inputs, Generate, Check, _ => false, FuzzRunner.Escape);
        Assert.Equal(Inputs, ran);
    }

    private static string Generate(Random rng) => rng.Next(10) switch
    {
        < 4 => FuzzText.Mutate(rng, Seeds, Tokens),
        < 8 => FuzzText.MaybeMutate(rng, GenerateHeader(rng), Tokens),
        _ => FuzzText.RandomString(rng, FuzzText.RandomLength(rng)),
    };

    private static void Check(string header)
    {
        var challenges = AuthChallenge.ParseAll(header);
        foreach (var c in challenges)
        {
            if (c.Scheme.Length == 0)
            {
                throw new FuzzInvariantException("a challenge with an empty scheme");
            }

            _ = (c.IsBearer, c.IsBasic, c.Realm, c.Service, c.Error, c.ToString());
            foreach (var scope in AccessScope.ParseList(c.Scope))
            {
                _ = scope.ToString();
            }
        }

        if (header.Length < 512 && AuthChallenge.ParseAll([header, header]).Count != 2 * challenges.Count)
        {
            throw new FuzzInvariantException("two header values did not give the challenges of each");
        }
    }

    // --- grammar-aware construction ---------------------------------------------------------------------------------

    private static string GenerateHeader(Random rng)
    {
        var sb = new StringBuilder();
        var count = rng.Chance(5) ? rng.Next(5, 60) : rng.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(rng.Pick([", ", ",", " ", ",,  ", "\t,"]));
            }

            sb.Append(rng.Next(8) switch
            {
                0 => "Basic",
                1 => "basic",
                2 => "Digest",
                3 => "Negotiate",
                4 => Token(rng),
                _ => "Bearer",
            });
            if (rng.Chance(10))
            {
                sb.Append(' ').Append(Token(rng)).Append(rng.Pick(["", "=", "=="])); // token68
                continue;
            }

            var parameters = rng.Chance(5) ? rng.Next(10, 200) : rng.Next(0, 5);
            for (var p = 0; p < parameters; p++)
            {
                sb.Append(p == 0 ? " " : rng.Pick([",", ", ", " ,", ",,"]));
                sb.Append(rng.Chance(70) ? rng.Pick(["realm", "service", "scope", "error", "REALM", "Scope"]) : Token(rng));
                sb.Append(rng.Pick(["=", " = ", "\t=", "= ", ""]));
                sb.Append(rng.Chance(65) ? Quoted(rng) : Token(rng));
            }
        }

        return sb.ToString();
    }

    private static string Token(Random rng)
    {
        const string TokenChars = "abcXYZ019!#$%&'*+-.^_`|~/:";
        var length = rng.Chance(3) ? rng.Next(100, 600) : rng.Next(0, 12);
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(TokenChars[rng.Next(TokenChars.Length)]);
        }

        return sb.ToString();
    }

    private static string Quoted(Random rng)
    {
        var sb = new StringBuilder("\"");
        var length = rng.Chance(3) ? rng.Next(100, 2000) : rng.Next(0, 40);
        for (var i = 0; i < length; i++)
        {
            sb.Append(rng.Next(12) switch
            {
                0 => "\\\"",
                1 => "\\\\",
                2 => ",",
                3 => "=",
                4 => " ",
                5 => rng.Pick(FuzzText.OddChars),
                6 => "repository:a/b:pull,push",
                _ => ((char)rng.Next(0x21, 0x7F)).ToString(),
            });
        }

        return rng.Chance(10) ? sb.Append('\\').ToString() : rng.Chance(5) ? sb.ToString() : sb.Append('"').ToString();
    }
}
