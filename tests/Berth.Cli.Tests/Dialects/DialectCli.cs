using System.Text;
using Berth.Testing;

namespace Berth.Cli.Tests.Dialects;

/// <summary>Runs the real CLI against one data directory, and keeps a transcript (command, exit code, output) for the closing note.</summary>
internal sealed class DialectCli : IDisposable
{
    private readonly TempDirectory _home = new("berth-dialect-home");

    public StringBuilder Transcript { get; } = new();

    public async Task<(int Code, string Stdout, string Stderr)> RunWithInputAsync(string? stdin, params string[] args)
    {
        var result = await CliRunner.RunWithInputAsync(stdin, ["--data-dir", _home.Path, .. args]);
        Transcript.Append("$ berth ").AppendJoin(' ', args).AppendLine(stdin is null ? "" : " <<< (secret)")
            .Append(result.Stdout).Append(result.Stderr).AppendLine($"[exit {result.Code}]").AppendLine();
        return result;
    }

    public Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Writes the transcript where <c>BERTH_DIALECT_TRANSCRIPTS</c> points (the demo script), else nowhere.</summary>
    public void Save(string dialect)
    {
        if (Environment.GetEnvironmentVariable("BERTH_DIALECT_TRANSCRIPTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, dialect + ".txt"), Transcript.ToString());
        }
    }

    public void Dispose() => _home.Dispose();
}
