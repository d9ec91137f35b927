namespace Berth.Core.Tests.References;

/// <summary>Digest values used across the reference tests (sha256/sha512 of "" and "abc", from coreutils).</summary>
internal static class Vectors
{
    public const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string AbcSha256Hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    public const string AbcSha512Hex =
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
    public const string EmptySha512Hex =
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

    public const string D = "sha256:" + EmptySha256Hex;
    public const string D512 = "sha512:" + AbcSha512Hex;

    /// <summary>Same hex as <see cref="EmptySha256Hex"/> in uppercase.</summary>
    public const string EmptySha256HexUpper = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";

    public const string Hex32 = "0123456789abcdef0123456789abcdef";
    public const string Hex31 = "0123456789abcdef0123456789abcde";
    public const string Hex63 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85";
}
