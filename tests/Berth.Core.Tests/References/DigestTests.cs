using System.Text;
using Berth.References;
using static Berth.Core.Tests.References.Vectors;

namespace Berth.Core.Tests.References;

public sealed class DigestTests
{
    [Theory]
    [InlineData("sha256:" + EmptySha256Hex, "sha256", EmptySha256Hex, true)]
    [InlineData("sha256:" + AbcSha256Hex, "sha256", AbcSha256Hex, true)]
    [InlineData("sha512:" + AbcSha512Hex, "sha512", AbcSha512Hex, true)]
    [InlineData("blake3:" + Hex32, "blake3", Hex32, false)]
    [InlineData("sha384:" + Hex32 + Hex32, "sha384", Hex32 + Hex32, false)]
    [InlineData("multihash+base58:" + Hex32, "multihash+base58", Hex32, false)]
    [InlineData("a.b_c-d+e:" + Hex32, "a.b_c-d+e", Hex32, false)]
    [InlineData("1:" + Hex32, "1", Hex32, false)]
    public void Parses(string input, string algorithm, string hex, bool supported)
    {
        var digest = Digest.Parse(input);
        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
        Assert.Equal(input, digest.Value);
        Assert.Equal(input, digest.ToString());
        Assert.Equal(supported, digest.IsSupported);
        Assert.True(Digest.TryParse(input, out var again));
        Assert.Equal(digest, again);
    }

    [Theory]
    [InlineData("", "digest is empty")]
    [InlineData(EmptySha256Hex, "must be 'algorithm:hex'")]
    [InlineData(":" + EmptySha256Hex, "digest algorithm is empty")]
    [InlineData("sha256:", "digest hex is empty")]
    [InlineData("sha256:abc", "exactly 64 hex characters, found 3")]
    [InlineData("sha256:" + Hex63, "exactly 64 hex characters, found 63")]
    [InlineData("sha256:" + EmptySha256HexUpper, "digest hex must be lowercase")]
    [InlineData("sha512:" + EmptySha256Hex, "exactly 128 hex characters, found 64")]
    [InlineData("sha512:" + AbcSha512Hex + "0", "exactly 128 hex characters, found 129")]
    [InlineData("blake3:" + Hex31, "at least 32 characters, found 31")]
    [InlineData("Sha256:" + EmptySha256Hex, "algorithm 'Sha256' is invalid")]
    [InlineData("sha256.:" + Hex32, "algorithm 'sha256.' is invalid")]
    [InlineData("sha..256:" + Hex32, "algorithm 'sha..256' is invalid")]
    [InlineData("sha 256:" + Hex32, "algorithm 'sha 256' is invalid")]
    [InlineData("sha256:" + Hex32 + "g" + Hex31, "'g', which is not a hexadecimal digit")]
    [InlineData("blake3:" + Hex32 + "=", "'=', which is not a hexadecimal digit")]
    public void Rejects(string input, string reason)
    {
        Assert.False(Digest.TryParse(input, out var digest, out var error));
        Assert.Equal(default, digest);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var ex = Assert.Throws<ReferenceFormatException>(() => Digest.Parse(input));
        Assert.Equal($"invalid digest '{input}': {error}", ex.Message);
        Assert.Equal("digest", ex.Kind);
    }

    [Theory]
    [InlineData("", EmptySha256Hex)]
    [InlineData("abc", AbcSha256Hex)]
    public void Sha256_matches_known_vectors(string data, string hex)
    {
        var digest = Digest.Sha256(Encoding.ASCII.GetBytes(data));
        Assert.Equal("sha256:" + hex, digest.Value);
        Assert.Equal(Digest.Parse("sha256:" + hex), digest);
        Assert.True(digest.IsSupported);
    }

    [Theory]
    [InlineData("", EmptySha512Hex)]
    [InlineData("abc", AbcSha512Hex)]
    public void Sha512_matches_known_vectors(string data, string hex)
    {
        Assert.Equal("sha512:" + hex, Digest.Sha512(Encoding.ASCII.GetBytes(data)).Value);
    }

    [Fact]
    public void Null_and_default_are_handled()
    {
        Assert.False(Digest.TryParse(null, out _));
        Assert.Equal(string.Empty, default(Digest).Value);
        Assert.False(default(Digest).IsSupported);
        Assert.NotEqual(default, Digest.Sha256([]));
    }
}
