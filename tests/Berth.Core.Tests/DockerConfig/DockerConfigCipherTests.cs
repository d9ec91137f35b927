using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Berth.DockerConfig;

namespace Berth.Core.Tests.DockerConfig;

public sealed class DockerConfigCipherTests
{
    // Odd but valid formatting (BOM-free, CRLF, tabs, trailing spaces) must survive byte for byte.
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes(
        "{\r\n\t\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"dXNlcjpwYXNz\", \"email\": \"ü@example.com\"}}  \r\n}\r\n");

    private static readonly DockerConfigKey Key = DockerConfigKey.FromBytes(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static readonly DockerConfigKey OtherKey = DockerConfigKey.FromBytes(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Round_trip_is_byte_for_byte(bool armored)
    {
        var encrypted = DockerConfigCipher.Encrypt(Plain, Key, armored);
        Assert.Equal(Plain, DockerConfigCipher.Decrypt(encrypted, Key));
        Assert.True(DockerConfigCipher.IsEncrypted(encrypted));
        Assert.False(DockerConfigCipher.IsEncrypted(Plain));
    }

    [Fact]
    public void Every_encryption_uses_a_fresh_nonce_and_hides_key_and_plaintext()
    {
        var a = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        var b = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        Assert.NotEqual(a, b);
        Assert.Equal(-1, a.AsSpan().IndexOf("dXNlcjpwYXNz"u8));

        var armored = Encoding.ASCII.GetString(DockerConfigCipher.Encrypt(Plain, Key));
        Assert.DoesNotContain(Key.ToFileText().Trim()[DockerConfigKey.FilePrefix.Length..], armored, StringComparison.Ordinal);
        Assert.StartsWith(DockerConfigCipher.ArmorBegin + "\n", armored, StringComparison.Ordinal);
        Assert.EndsWith(DockerConfigCipher.ArmorEnd + "\n", armored, StringComparison.Ordinal);
        Assert.All(armored.Split('\n'), line => Assert.True(line.Length <= 64 || line.StartsWith("-----", StringComparison.Ordinal)));
    }

    [Fact]
    public void Binary_layout_matches_the_documented_format()
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false);

        Assert.Equal("BERTHCFG"u8.ToArray(), data[..8]);
        Assert.Equal(1, data[8]);
        Assert.Equal(1, data[9]);
        Assert.Equal(SHA256.HashData(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray())[..8], data[10..18]);
        Assert.Equal((uint)Plain.Length, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(30, 4)));
        Assert.Equal(34 + Plain.Length + 16, data.Length);

        // Decrypt independently with the documented parameters: header is the associated data.
        using var aes = new AesGcm(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), 16);
        var plain = new byte[Plain.Length];
        aes.Decrypt(data.AsSpan(18, 12), data.AsSpan(34, Plain.Length), data.AsSpan(34 + Plain.Length, 16), plain, data.AsSpan(0, 34));
        Assert.Equal(Plain, plain);
    }

    [Fact]
    public void No_key_reads_like_codeship()
    {
        var encrypted = DockerConfigCipher.Encrypt(Plain, Key);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(encrypted, null));
        Assert.Equal("no decryptor available: AES key missing", ex.Message);
        Assert.Equal(DockerConfigErrorKind.KeyMissing, ex.Kind);
    }

    [Fact]
    public void Wrong_key_names_both_key_ids_and_nothing_secret()
    {
        var encrypted = DockerConfigCipher.Encrypt(Plain, Key);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(encrypted, OtherKey));
        Assert.Equal($"the key does not match this file (key id {OtherKey.KeyId}, file needs {Key.KeyId})", ex.Message);
        Assert.Equal(DockerConfigErrorKind.KeyMismatch, ex.Kind);
        Assert.Equal(16, Key.KeyId.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(60)]
    public void Truncated_binary_is_reported(int cut)
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data.AsSpan(0, data.Length - cut), Key));
        Assert.Equal("encrypted dockercfg is truncated", ex.Message);
        Assert.Equal(DockerConfigErrorKind.Truncated, ex.Kind);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(25)]
    public void Binary_cut_inside_the_header_is_truncated(int length)
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data.AsSpan(0, length), Key));
        Assert.Equal("encrypted dockercfg is truncated", ex.Message);
    }

    [Fact]
    public void Truncated_armor_is_reported()
    {
        var text = Encoding.ASCII.GetString(DockerConfigCipher.Encrypt(Plain, Key));
        var cut = Encoding.ASCII.GetBytes(text[..(text.Length / 2)]);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(cut, Key));
        Assert.Equal("encrypted dockercfg is truncated", ex.Message);
    }

    [Theory]
    [InlineData(18)] // nonce
    [InlineData(25)] // nonce, last byte
    [InlineData(34)] // first ciphertext byte
    [InlineData(-1)] // last tag byte
    public void Tampering_fails_authentication(int offset)
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        data[offset < 0 ? data.Length + offset : offset] ^= 0x01;
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data, Key));
        Assert.Equal("encrypted dockercfg failed authentication: the file was modified or the key is wrong", ex.Message);
        Assert.Equal(DockerConfigErrorKind.AuthenticationFailed, ex.Kind);
    }

    [Fact]
    public void A_shortened_length_field_fails_authentication()
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(30), (uint)Plain.Length - 1);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data, Key));
        Assert.Equal(DockerConfigErrorKind.AuthenticationFailed, ex.Kind);
    }

    [Fact]
    public void Tampered_armor_fails_authentication()
    {
        var text = Encoding.ASCII.GetString(DockerConfigCipher.Encrypt(Plain, Key));
        var lines = text.Split('\n');
        var body = lines[2].ToCharArray();
        body[10] = body[10] == 'A' ? 'B' : 'A';
        lines[2] = new string(body);
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(Encoding.ASCII.GetBytes(string.Join('\n', lines)), Key));
        Assert.Equal(DockerConfigErrorKind.AuthenticationFailed, ex.Kind);
    }

    [Fact]
    public void Extra_trailing_bytes_fail_authentication()
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false).Append((byte)0).ToArray();
        Assert.Equal(DockerConfigErrorKind.AuthenticationFailed, Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data, Key)).Kind);
    }

    [Theory]
    [InlineData("{\"auths\": {}}")]
    [InlineData("")]
    [InlineData("hello world, this is not encrypted")]
    public void Plain_input_is_not_an_encrypted_file(string input)
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(Encoding.UTF8.GetBytes(input), Key));
        Assert.Equal(DockerConfigErrorKind.NotEncrypted, ex.Kind);
        Assert.StartsWith("this is not an encrypted dockercfg", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_format_versions_are_refused_plainly()
    {
        var data = DockerConfigCipher.Encrypt(Plain, Key, armored: false);
        data[8] = 2;
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data, Key));
        Assert.Equal(DockerConfigErrorKind.UnsupportedVersion, ex.Kind);
        Assert.Contains("version 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypted_content_that_does_not_parse_never_comes_out()
    {
        // Built by hand from the documented format, so it authenticates but holds broken JSON.
        var keyBytes = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var plain = Encoding.UTF8.GetBytes("{\n \"auths\": {}\n}x");
        var data = new byte[34 + plain.Length + 16];
        "BERTHCFG"u8.CopyTo(data);
        data[8] = 1;
        data[9] = 1;
        SHA256.HashData(keyBytes).AsSpan(0, 8).CopyTo(data.AsSpan(10));
        RandomNumberGenerator.Fill(data.AsSpan(18, 12));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(30), (uint)plain.Length);
        using (var aes = new AesGcm(keyBytes, 16))
        {
            aes.Encrypt(data.AsSpan(18, 12), plain, data.AsSpan(34, plain.Length), data.AsSpan(34 + plain.Length), data.AsSpan(0, 34));
        }

        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Decrypt(data, Key));
        Assert.Equal("Failed to parse dockercfg: invalid character 'x' after top-level value (line 3, column 2)", ex.Message);
    }

    [Fact]
    public void Encrypt_refuses_a_dockercfg_that_does_not_parse()
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigCipher.Encrypt("{\"auths\": "u8, Key));
        Assert.Equal("Failed to parse dockercfg: unexpected end of JSON input", ex.Message);
    }
}
