using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

/// <summary>Halyard's password file and password command, for any type.</summary>
public sealed class PasswordSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-pw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Password_file_is_read_and_trimmed()
    {
        var file = Path.Combine(_dir, "pw");
        await File.WriteAllTextAsync(file, "  file-secret-123\n\n");

        var credential = await DeriveAsync(Make("generic", "registry.example.com", [("username", "ci")], options: new() { PasswordFile = file }));

        Assert.Equal("ci", credential.Credential.Username);
        Assert.Equal("file-secret-123", credential.Credential.Password);
    }

    [Fact]
    public async Task Gcr_key_from_a_password_file_as_in_the_halyard_guide()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var file = Path.Combine(_dir, "gcr-account.json");
        var json = FakeGoogleOAuth.KeyJson(rsa);
        await File.WriteAllTextAsync(file, json + "\n");

        var credential = await DeriveAsync(Make("gcr", "gcr.io", options: new() { PasswordFile = file }));

        Assert.Equal("_json_key", credential.Credential.Username);
        Assert.Equal(json, credential.Credential.Password);
    }

    [Fact]
    public async Task Missing_and_empty_password_files_say_so()
    {
        var missing = Path.Combine(_dir, "nope");
        var ex = await Assert.ThrowsAsync<PasswordFileException>(() => DeriveAsync(Make("docr", "", options: new() { PasswordFile = missing })));
        Assert.StartsWith($"password file '{missing}' could not be read: ", ex.Message);

        var empty = Path.Combine(_dir, "empty");
        await File.WriteAllTextAsync(empty, " \n");
        ex = await Assert.ThrowsAsync<PasswordFileException>(() => DeriveAsync(Make("docr", "", options: new() { PasswordFile = empty })));
        Assert.Equal($"password file '{empty}' is empty", ex.Message);
    }

    [Fact]
    public async Task Password_command_output_is_trimmed_and_its_arguments_are_not_shell_parsed()
    {
        // Through a shell this would print "a" and run "echo b > …"; as argv it prints the text literally.
        var marker = Path.Combine(_dir, "injected");
        var connection = Make("ibm", "icr.io", options: new() { PasswordCommand = ["echo", $"  key;echo b > {marker}  "] });

        var credential = await DeriveAsync(connection, new ProviderContext { PasswordCommands = new PasswordCommandRunner() });

        Assert.Equal("iamapikey", credential.Credential.Username);
        Assert.Equal($"key;echo b > {marker}", credential.Credential.Password);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Failing_command_reports_exit_code_and_first_stderr_line()
    {
        var runner = new PasswordCommandRunner();
        var connection = Make("generic", "r.example.com", [("username", "AWS")],
            options: new() { PasswordCommand = ["sh", "-c", "echo partial; echo 'An error occurred (ExpiredToken)' >&2; echo second line >&2; exit 3"] });

        var ex = await Assert.ThrowsAsync<PasswordCommandException>(() => DeriveAsync(connection, new ProviderContext { PasswordCommands = runner }));

        Assert.Equal("password command 'sh' exited with code 3: An error occurred (ExpiredToken)", ex.Message);
        Assert.Equal(3, ex.ExitCode);
        Assert.False(ex.TimedOut);
    }

    [Fact]
    public async Task Failing_command_without_stderr_says_it_printed_nothing()
    {
        var ex = await Assert.ThrowsAsync<PasswordCommandException>(() => new PasswordCommandRunner().RunAsync(["false"], CancellationToken.None));

        Assert.Equal("password command 'false' exited with code 1 and printed nothing on standard error", ex.Message);
    }

    [Fact]
    public async Task Command_that_prints_nothing_is_an_error()
    {
        var ex = await Assert.ThrowsAsync<PasswordCommandException>(() => new PasswordCommandRunner().RunAsync(["true"], CancellationToken.None));

        Assert.Equal("password command 'true' succeeded but printed nothing on standard output", ex.Message);
    }

    [Fact]
    public async Task Slow_command_times_out_and_is_stopped()
    {
        var runner = new PasswordCommandRunner(timeout: TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<PasswordCommandException>(() => runner.RunAsync(["sleep", "30"], CancellationToken.None));

        Assert.True(ex.TimedOut);
        Assert.Equal("password command 'sleep' timed out after 0.3 s and was stopped; make it finish faster or check that it does not wait for input", ex.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Missing_program_cannot_be_started()
    {
        var ex = await Assert.ThrowsAsync<PasswordCommandException>(() => new PasswordCommandRunner().RunAsync(["/nonexistent/berth-helper"], CancellationToken.None));

        Assert.StartsWith("password command '/nonexistent/berth-helper' could not be started: ", ex.Message);
    }

    [Fact]
    public async Task Command_output_is_cached_for_the_cache_interval_per_connection()
    {
        var time = ManualTime.At("2026-03-01T09:00:00Z");
        var runner = new PasswordCommandRunner(time);
        var counter = Path.Combine(_dir, "count");
        var connection = Make("generic", "r.example.com", [("username", "u")],
            options: new() { CacheInterval = TimeSpan.FromMinutes(5), PasswordCommand = ["sh", "-c", $"echo x >> '{counter}'; wc -l < '{counter}'"] });
        var context = new ProviderContext { PasswordCommands = runner, Time = time };

        var first = await DeriveAsync(connection, context);
        time.Advance(TimeSpan.FromMinutes(4));
        var second = await DeriveAsync(connection, context);
        var other = await DeriveAsync(connection with { Id = Guid.NewGuid() }, context);
        time.Advance(TimeSpan.FromMinutes(2));
        var third = await DeriveAsync(connection, context);

        Assert.Equal("1", first.Credential.Password);
        Assert.Equal("1", second.Credential.Password);
        Assert.Equal("2", other.Credential.Password);
        Assert.Equal("3", third.Credential.Password);
        Assert.Equal(3, runner.Runs);
    }

    [Fact]
    public async Task Halyard_default_cache_interval_is_thirty_seconds()
    {
        var time = ManualTime.At("2026-03-01T09:00:00Z");
        var runner = new PasswordCommandRunner(time);
        var id = Guid.NewGuid();

        await runner.GetAsync(id, ["echo", "pw"], null, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(29));
        await runner.GetAsync(id, ["echo", "pw"], null, CancellationToken.None);
        Assert.Equal(1, runner.Runs);

        time.Advance(TimeSpan.FromSeconds(2));
        await runner.GetAsync(id, ["echo", "pw"], null, CancellationToken.None);
        Assert.Equal(2, runner.Runs);
    }
}
