using System.Security.Cryptography;
using Berth.DockerConfig;

namespace Berth.Core.Tests.DockerConfig;

public sealed class DockerConfigKeyTests
{
    [Fact]
    public void Key_file_text_round_trips_and_names_the_key_by_hash()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var key = DockerConfigKey.FromBytes(bytes);

        Assert.Equal("berth-aes256-v1:" + Convert.ToBase64String(bytes) + "\n", key.ToFileText());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)[..8]), key.KeyId);
        Assert.Equal(key.KeyId, DockerConfigKey.Parse(key.ToFileText()).KeyId);
        Assert.Equal(key.KeyId, DockerConfigKey.Parse("  " + Convert.ToBase64String(bytes) + "\r\n").KeyId);
    }

    [Fact]
    public void ToString_shows_only_the_key_id()
    {
        var key = DockerConfigCipher.GenerateKey();
        Assert.Equal($"DockerConfigKey {{ KeyId = {key.KeyId} }}", key.ToString());
        Assert.NotEqual(key.KeyId, DockerConfigCipher.GenerateKey().KeyId);
    }

    public static TheoryData<string, string> BadKeyFiles => new()
    {
        { "", "K is empty; create a key with 'berth dockercfg keygen -o FILE'" },
        { "  \n", "K is empty; create a key with 'berth dockercfg keygen -o FILE'" },
        { "berth-aes256-v1:%%%not base64%%%", "K does not hold a base64 AES key (expected one line 'berth-aes256-v1:<base64 of 32 bytes>')" },
        { "this is not a key", "K does not hold a base64 AES key (expected one line 'berth-aes256-v1:<base64 of 32 bytes>')" },
        { "berth-aes256-v1:" + Convert.ToBase64String(new byte[16]), "K holds a 16-byte key; AES-256 needs 32 bytes" },
        { Convert.ToBase64String(new byte[33]), "K holds a 33-byte key; AES-256 needs 32 bytes" },
        { "berth-aes256-v9:" + Convert.ToBase64String(new byte[32]), "K is a 'berth-aes256-v9' key, which this berth does not support (expected 'berth-aes256-v1:')" },
        { "berth-aes256-v1:" + Convert.ToBase64String(new byte[32]) + "\nsecond line", "K has more than one line; it must hold exactly one key line 'berth-aes256-v1:<base64>'" },
    };

    [Theory]
    [MemberData(nameof(BadKeyFiles))]
    public void Bad_key_files_say_what_is_wrong(string text, string expected)
    {
        var ex = Assert.Throws<DockerConfigException>(() => DockerConfigKey.Parse(text, "K"));
        Assert.Equal(expected, ex.Message);
        Assert.Equal(DockerConfigErrorKind.InvalidKeyFile, ex.Kind);
    }

    [Fact]
    public async Task Key_file_is_written_0600_and_not_overwritten_without_permission()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var dir = Directory.CreateTempSubdirectory("berth-key-");
        try
        {
            var path = Path.Combine(dir.FullName, "codeship.aes");
            var key = DockerConfigCipher.GenerateKey();
            await key.WriteFileAsync(path, overwrite: false, CancellationToken.None);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(key.KeyId, (await DockerConfigKey.ReadFileAsync(path, CancellationToken.None)).KeyId);

            await Assert.ThrowsAsync<IOException>(() => DockerConfigCipher.GenerateKey().WriteFileAsync(path, overwrite: false, CancellationToken.None));
            Assert.Equal(key.KeyId, (await DockerConfigKey.ReadFileAsync(path, CancellationToken.None)).KeyId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
