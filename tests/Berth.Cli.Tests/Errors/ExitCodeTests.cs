using System.CommandLine;
using Berth.Connections.Providers;
using Berth.Connections.Storage;
using Berth.Errors;
using Berth.References;

namespace Berth.Cli.Tests.Errors;

/// <summary>The CLI's one mapping from an error's category to its exit code, and the runner that applies it.</summary>
public sealed class ExitCodeTests
{
    public static TheoryData<ErrorCategory> Categories() => [.. Enum.GetValues<ErrorCategory>()];

    [Theory]
    [MemberData(nameof(Categories))]
    public void Usage_exits_2_and_every_other_category_exits_1(ErrorCategory category) =>
        Assert.Equal(category == ErrorCategory.Usage ? 2 : 1, ExitCodes.For(category));

    [Fact]
    public void Errors_that_are_not_berths_own_exit_1() =>
        Assert.Equal(ExitCodes.Failed, ExitCodes.For(new IOException("disk full")));

    public static TheoryData<Exception, int> Thrown() => new()
    {
        { new UsageException("give -o FILE"), 2 },
        { new ReferenceFormatException("Foo/bar", "repository name must be lowercase: 'Foo/bar'"), 2 },
        { new UnknownRegistryTypeException("harbor", ["generic"]), 2 },
        { new DatabaseSettingException("the database setting cannot be parsed"), 2 },
        { new FailedException("'key' already exists; pass --force to replace it"), 1 },
        { new DuplicateConnectionNameException("dup", "default"), 1 },
        { new ConnectionNotFoundException(Guid.Empty), 1 },
        { new RegistryUnreachableException("r.example", "connection refused"), 1 },
        { new IOException("disk full"), 1 },
        { new UnauthorizedAccessException("no access"), 1 },
        { new HttpRequestException("reset"), 1 },
    };

    [Theory]
    [MemberData(nameof(Thrown))]
    public async Task The_runner_prints_one_line_and_exits_by_category(Exception thrown, int expected)
    {
        var (code, stderr) = await RunThrowing(thrown);
        Assert.Equal(expected, code);
        Assert.Equal("berth: " + thrown.Message + Environment.NewLine, stderr);
    }

    [Fact]
    public async Task Validation_errors_print_one_line_per_field_and_exit_2()
    {
        var (code, stderr) = await RunThrowing(new ConnectionValidationException("generic",
            [new ValidationError("url", "is required"), new ValidationError("username", "is required")]));
        Assert.Equal(2, code);
        Assert.Equal($"berth: url: is required{Environment.NewLine}berth: username: is required{Environment.NewLine}", stderr);
    }

    private static async Task<(int Code, string Stderr)> RunThrowing(Exception thrown)
    {
        var command = new RootCommand();
        CommandRunner.SetAction(command, (_, _) => throw thrown);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await command.Parse([]).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stderr.ToString());
    }
}
