using System.Text.RegularExpressions;
using Berth.Connections.Secrets;

namespace Berth.Connections.Tests.Secrets;

public sealed class AesGcmSecretProtectorTests : IDisposable
{
    private const string Secret = "s3cr3t-Registry-Password";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-key-" + Guid.NewGuid().ToString("N"));
    private readonly MasterKey _key = MasterKey.Generate("test");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Envelope_has_version_key_id_nonce_tag_and_ciphertext_and_round_trips()
    {
        var protector = new AesGcmSecretProtector(_key);
        var context = SecretContext.ForConnectionSecret(Guid.NewGuid(), "password");

        var envelope = protector.Protect(Secret, context);

        // 12-byte nonce and 16-byte tag are 16 and 22 base64url characters; the ciphertext is as long as the UTF-8 plaintext (24 bytes → 32 chars).
        Assert.Matches(new Regex($"^v1\\.{_key.Id}\\.[A-Za-z0-9_-]{{16}}\\.[A-Za-z0-9_-]{{22}}\\.[A-Za-z0-9_-]{{32}}$"), envelope);
        Assert.Matches("^[0-9a-f]{8}$", _key.Id);
        Assert.DoesNotContain(Secret, envelope, StringComparison.Ordinal);
        Assert.Equal(Secret, protector.Unprotect(envelope, context));
        Assert.NotEqual(envelope, protector.Protect(Secret, context));
    }

    [Fact]
    public void Envelope_moved_to_another_row_or_field_fails_authentication()
    {
        var protector = new AesGcmSecretProtector(_key);
        var id = Guid.NewGuid();
        var envelope = protector.Protect(Secret, SecretContext.ForConnectionSecret(id, "password"));

        foreach (var other in new[]
        {
            SecretContext.ForConnectionSecret(Guid.NewGuid(), "password"),
            SecretContext.ForConnectionSecret(id, "token"),
            SecretContext.ForCachedCredential(id, "password"),
        })
        {
            var e = Assert.Throws<SecretEnvelopeException>(() => protector.Unprotect(envelope, other));
            Assert.Contains(other, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("v2.aaaaaaaa.x.y.z")]
    [InlineData("v1.KEYID.!!!.???.***")]
    public void Malformed_envelopes_are_rejected(string envelope)
    {
        var protector = new AesGcmSecretProtector(_key);
        Assert.Throws<SecretEnvelopeException>(() => protector.Unprotect(envelope.Replace("KEYID", _key.Id), "ctx"));
    }

    [Fact]
    public void Altered_ciphertext_fails_authentication()
    {
        var protector = new AesGcmSecretProtector(_key);
        var parts = protector.Protect(Secret, "ctx").Split('.');
        parts[4] = (parts[4][0] == 'A' ? 'B' : 'A') + parts[4][1..];
        Assert.Throws<SecretEnvelopeException>(() => protector.Unprotect(string.Join('.', parts), "ctx"));
    }

    [Fact]
    public void Envelope_from_another_key_is_a_named_mismatch()
    {
        var envelope = new AesGcmSecretProtector(_key).Protect(Secret, "ctx");
        var other = MasterKey.Generate(MasterKey.EnvironmentVariable);

        var e = Assert.Throws<MasterKeyMismatchException>(() => new AesGcmSecretProtector(other).Unprotect(envelope, "ctx"));

        Assert.Equal(_key.Id, e.StoredKeyId);
        Assert.Equal(other.Id, e.CurrentKeyId);
        Assert.Contains($"encrypted with master key id {_key.Id}", e.Message, StringComparison.Ordinal);
        Assert.Contains("BERTH_MASTER_KEY", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!", "not base64")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", "decodes to 16 bytes")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "decodes to 36 bytes")]
    public void Invalid_environment_key_names_the_variable_and_the_fix_but_not_the_value(string value, string why)
    {
        var e = Assert.Throws<MasterKeyException>(() => AesGcmSecretProtector.Load(_dir, n => n == "BERTH_MASTER_KEY" ? value : null));

        Assert.StartsWith("BERTH_MASTER_KEY is not a valid master key", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_key_wins_over_the_key_file_and_creates_no_file()
    {
        var key = MasterKey.Generate("x");
        var protector = AesGcmSecretProtector.Load(_dir, n => n == "BERTH_MASTER_KEY" ? key.ExportBase64() : null);

        Assert.Equal(key.Id, protector.KeyId);
        Assert.Equal("BERTH_MASTER_KEY", protector.KeySource);
        Assert.False(File.Exists(Path.Combine(_dir, "master.key")));
    }

    [Fact]
    public void Key_file_is_created_owner_only_on_first_run_and_reused()
    {
        var first = AesGcmSecretProtector.Load(_dir, _ => null);
        var path = Path.Combine(_dir, "master.key");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
        Assert.Equal($"key file {path}", first.KeySource);
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
        Assert.Equal(first.KeyId, AesGcmSecretProtector.Load(_dir, _ => null).KeyId);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherWrite, "0402")]
    public void Key_file_open_to_group_or_others_is_refused(UnixFileMode mode, string octal)
    {
        AesGcmSecretProtector.Load(_dir, _ => null);
        var path = Path.Combine(_dir, "master.key");
        File.SetUnixFileMode(path, mode);

        var e = Assert.Throws<MasterKeyException>(() => AesGcmSecretProtector.Load(_dir, _ => null));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"mode {octal}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Master_key_to_string_shows_id_and_source_only()
    {
        Assert.Equal($"MasterKey(id={_key.Id}, source=test)", _key.ToString());
    }
}
