using System.Text;

namespace Berth.Cli.Output;

/// <summary>
/// Splits a <c>--password-command</c> string into argv the way a POSIX shell would split words
/// (quotes and backslashes), without running a shell: no expansion, no pipes, no globbing.
/// </summary>
internal static class CommandLineSplitter
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\')
                {
                    current.Append(commandLine[++i]);
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < commandLine.Length:
                    current.Append(commandLine[++i]);
                    inWord = true;
                    break;
                case ' ' or '\t':
                    if (inWord)
                    {
                        args.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (quote is not null)
        {
            throw new UsageException($"--password-command: unterminated {quote} quote in '{commandLine}'");
        }

        if (inWord)
        {
            args.Add(current.ToString());
        }

        if (args.Count == 0)
        {
            throw new UsageException("--password-command is empty");
        }

        return args;
    }
}
