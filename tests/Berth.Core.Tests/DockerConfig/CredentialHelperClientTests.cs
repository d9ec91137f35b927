using Berth.DockerConfig;

namespace Berth.Core.Tests.DockerConfig;

/// <summary>Runs a real helper process: a bash script speaking the docker credential-helper protocol over a directory.</summary>
public sealed class CredentialHelperClientTests : IDisposable
{
    private const string Script = """
        #!/bin/bash
        store='@STORE@'
        printf '%s\n' "$#:$*" >> "$store/args"
        input=$(cat)
        printf '%s' "$input" > "$store/stdin-$1"
        key() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
        case "$1" in
          get)
            if [ "$input" = "slow.example.com" ]; then sleep 20; fi
            if [ "$input" = "broken.example.com" ]; then echo "keychain is locked"; exit 3; fi
            if [ "$input" = "garbage.example.com" ]; then echo "not json SECRET-LEAK"; exit 0; fi
            f="$store/cred-$(key "$input")"
            if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          store)
            url=$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p')
            printf '%s' "$input" > "$store/cred-$(key "$url")" ;;
          erase)
            f="$store/cred-$(key "$input")"
            if [ -f "$f" ]; then rm "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
          list)
            out="{"; sep=""
            for f in "$store"/cred-*; do
              [ -e "$f" ] || continue
              url=$(sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p' "$f")
              user=$(sed -n 's/.*"Username":"\([^"]*\)".*/\1/p' "$f")
              out="$out$sep\"$url\":\"$user\""; sep=","
            done
            echo "$out}" ;;
          *) echo "unknown verb $1"; exit 1 ;;
        esac
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-helper-");
    private readonly string _helperPath;

    public CredentialHelperClientTests()
    {
        _helperPath = Path.Combine(_dir.FullName, "docker-credential-fake");
        File.WriteAllText(_helperPath, Script.Replace("@STORE@", _dir.FullName, StringComparison.Ordinal).ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_helperPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private CredentialHelperClient Client(TimeSpan? timeout = null) => new("fake", _helperPath, timeout);

    [Fact]
    public async Task Store_get_list_erase_round_trip_over_the_docker_protocol()
    {
        var client = Client();
        Assert.Equal("docker-credential-fake", client.ProgramName);

        await client.StoreAsync(new HelperCredential("https://ghcr.io", "alice", "pa\"ss:word"), CancellationToken.None);
        Assert.Equal("{\"ServerURL\":\"https://ghcr.io\",\"Username\":\"alice\",\"Secret\":\"pa\\\"ss:word\"}", File.ReadAllText(Path.Combine(_dir.FullName, "stdin-store")));

        var got = await client.GetAsync("https://ghcr.io", CancellationToken.None);
        Assert.Equal(new HelperCredential("https://ghcr.io", "alice", "pa\"ss:word"), got);
        Assert.False(got!.IsIdentityToken);
        // docker writes the bare URL, no newline.
        Assert.Equal("https://ghcr.io", File.ReadAllText(Path.Combine(_dir.FullName, "stdin-get")));

        await client.StoreAsync(new HelperCredential("quay.io", "<token>", "refresh-token"), CancellationToken.None);
        var list = await client.ListAsync(CancellationToken.None);
        Assert.Equal(new Dictionary<string, string> { ["https://ghcr.io"] = "alice", ["quay.io"] = "<token>" }, list);

        await client.EraseAsync("https://ghcr.io", CancellationToken.None);
        Assert.Null(await client.GetAsync("https://ghcr.io", CancellationToken.None));

        // Each call passed exactly one argument, the verb.
        Assert.Equal(["1:store", "1:get", "1:store", "1:list", "1:erase", "1:get"], File.ReadAllLines(Path.Combine(_dir.FullName, "args")));
    }

    [Fact]
    public async Task Token_username_means_identity_token()
    {
        var client = Client();
        await client.StoreAsync(new HelperCredential("https://index.docker.io/v1/", HelperCredential.IdentityTokenUsername, "id-tok"), CancellationToken.None);
        var got = await client.GetAsync("https://index.docker.io/v1/", CancellationToken.None);

        Assert.True(got!.IsIdentityToken);
        var entry = got.ToAuthEntry();
        Assert.Equal("id-tok", entry.IdentityToken);
        Assert.Null(entry.Password);
    }

    [Fact]
    public async Task Not_found_is_null_not_an_error()
    {
        Assert.Null(await Client().GetAsync("nothing.example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Helper_failure_reads_like_docker()
    {
        var ex = await Assert.ThrowsAsync<CredentialHelperException>(() => Client().GetAsync("broken.example.com", CancellationToken.None));
        Assert.Equal("error getting credentials - err: exit status 3, out: `keychain is locked` (docker-credential-fake)", ex.Message);
        Assert.Equal(3, ex.ExitCode);

        var erase = await Assert.ThrowsAsync<CredentialHelperException>(() => Client().EraseAsync("nothing.example.com", CancellationToken.None));
        Assert.StartsWith("error erasing credentials - err: exit status 1, out: `credentials not found in native keychain`", erase.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_json_answer_is_an_error_that_does_not_echo_the_output()
    {
        var ex = await Assert.ThrowsAsync<CredentialHelperException>(() => Client().GetAsync("garbage.example.com", CancellationToken.None));
        Assert.Equal("docker-credential-fake get returned output that is not JSON", ex.Message);
    }

    [Fact]
    public async Task A_hung_helper_is_stopped_at_the_timeout()
    {
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<CredentialHelperException>(
            () => Client(TimeSpan.FromMilliseconds(500)).GetAsync("slow.example.com", CancellationToken.None));
        Assert.Equal("error getting credentials - err: docker-credential-fake did not answer within 0.5s and was stopped", ex.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Missing_helper_reads_like_go_exec()
    {
        var client = new CredentialHelperClient("berth-test-absent-7f3a");
        var ex = await Assert.ThrowsAsync<CredentialHelperException>(() => client.GetAsync("ghcr.io", CancellationToken.None));
        Assert.Equal(
            "error getting credentials - err: exec: \"docker-credential-berth-test-absent-7f3a\": executable file not found in $PATH, out: ``",
            ex.Message);
    }

    [Fact]
    public void Helper_name_must_be_a_suffix_not_a_path() =>
        Assert.Throws<ArgumentException>(() => new CredentialHelperClient("../evil"));
}
