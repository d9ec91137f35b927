using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Berth.Core.Tests.Fuzz;

/// <summary>The four fuzz tests share one collection so they run one after another, not against each other for the cores.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzGroup
{
    public const string Name = "Fuzz";
}

/// <summary>A property the fuzzed parser broke without throwing, e.g. a parsed reference that does not parse back.</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);

/// <summary>
/// Runs a parser over generated inputs and reports every input that throws anything but the parser's own rejection.
/// Input <c>i</c> comes from a <see cref="Random"/> seeded with (seed, target, i) alone, so one failing input is
/// regenerated from the seed and index in the failure message without replaying the others. The seed is
/// <see cref="DefaultSeed"/> unless <c>BERTH_FUZZ_SEED</c> names another (to explore further or to reproduce a report).
/// A stack overflow ends the test process before any report: run again with <c>BERTH_FUZZ_TRACE=1</c>, and the last
/// index written to standard error is the input that overflowed.
/// </summary>
internal static class FuzzRunner
{
    public const int DefaultSeed = 20_260_314;

    /// <summary>Stack of the thread the inputs run on: below the 1.5 MiB of .NET's pool threads, so what passes here passes there.</summary>
    public const int WorkerStackBytes = 1024 * 1024;

    /// <summary>One input slower than this is reported: the parsers are linear, and the template engine's limits end any run sooner.</summary>
    public static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);

    private const int MaxReportedFailures = 5;
    private const int MaxShownInputChars = 1500;

    private static readonly bool Trace = Environment.GetEnvironmentVariable("BERTH_FUZZ_TRACE") is "1";

    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("BERTH_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : DefaultSeed;

    /// <summary>The generator for input <paramref name="index"/> of <paramref name="target"/>.</summary>
    public static Random RandomFor(int seed, string target, int index)
    {
        // SplitMix64 over the three parts: string.GetHashCode is randomised per process, so it cannot be used here.
        var x = ((ulong)(uint)seed << 32) ^ (uint)index;
        foreach (var c in target)
        {
            x = Mix(x ^ c);
        }

        x = Mix(x);
        return new Random((int)(x ^ (x >> 32)) & int.MaxValue);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// Feeds <paramref name="count"/> inputs to <paramref name="check"/> on a worker thread and fails the test, naming the
    /// seed, the index and the escaped input, for any exception <paramref name="isExpected"/> rejects, any input slower
    /// than <see cref="PerInputLimit"/>, or an input still running after twice that (a hang: the worker is abandoned).
    /// </summary>
    /// <returns>How many inputs ran.</returns>
    public static int Run<T>(
        string target,
        int count,
        Func<Random, T> generate,
        Action<T> check,
        Func<Exception, bool> isExpected,
        Func<T, string> describe)
    {
        var seed = Seed;
        var failures = new List<string>();
        var totalFailures = 0;
        var ran = 0;
        var currentIndex = -1;
        var currentStart = 0L;
        object? currentInput = null;

        void Record(int index, T input, string problem)
        {
            totalFailures++;
            if (failures.Count < MaxReportedFailures)
            {
                failures.Add($"input #{index} (regenerate with seed {seed}, index {index}): {problem}\n    input: {Shorten(describe(input))}");
            }
        }

        void Loop()
        {
            for (var i = 0; i < count && totalFailures < 20; i++)
            {
                var input = generate(RandomFor(seed, target, i));
                if (Trace)
                {
                    Console.Error.WriteLine($"fuzz {target}, seed {seed}: input #{i}");
                    Console.Error.Flush();
                }

                Volatile.Write(ref currentInput, input);
                Volatile.Write(ref currentStart, Stopwatch.GetTimestamp());
                Volatile.Write(ref currentIndex, i);
                try
                {
                    check(input);
                }
                catch (Exception ex) when (!isExpected(ex))
                {
                    Record(i, input, $"{ex.GetType().FullName}: {ex.Message}\n{StackTop(ex)}");
                }
                catch (Exception)
                {
                    // The parser's own rejection of bad input.
                }

                var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref currentStart));
                if (elapsed > PerInputLimit)
                {
                    Record(i, input, $"took {elapsed.TotalMilliseconds:F0} ms (limit {PerInputLimit.TotalMilliseconds:F0} ms)");
                }

                ran++;
            }
        }

        Exception? crashed = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    Loop();
                }
                catch (Exception ex)
                {
                    crashed = ex; // the generator or describe itself failed
                }
            },
            WorkerStackBytes)
        { IsBackground = true, Name = "fuzz " + target };
        var started = Stopwatch.GetTimestamp();
        worker.Start();
        while (!worker.Join(200))
        {
            var index = Volatile.Read(ref currentIndex);
            var running = Stopwatch.GetElapsedTime(Volatile.Read(ref currentStart));
            if (index >= 0 && running > 2 * PerInputLimit)
            {
                var input = (T)Volatile.Read(ref currentInput)!;
                Assert.Fail($"fuzz {target}, seed {seed}: input #{index} still running after {running.TotalSeconds:F0} s (a hang); "
                    + $"regenerate with seed {seed}, index {index}\n    input: {Shorten(describe(input))}");
            }
        }

        if (crashed is not null)
        {
            Assert.Fail($"fuzz {target}, seed {seed}: the generator failed at input #{Volatile.Read(ref currentIndex) + 1}: {crashed}");
        }

        var total = Stopwatch.GetElapsedTime(started);
        if (totalFailures > 0)
        {
            Assert.Fail($"fuzz {target}, seed {seed} (set BERTH_FUZZ_SEED={seed} to rerun): {totalFailures} failing input(s) "
                + $"among {ran} in {total.TotalSeconds:F1} s; the first {failures.Count}:\n" + string.Join("\n", failures));
        }

        return ran;
    }

    private static string StackTop(Exception ex)
    {
        var lines = (ex.StackTrace ?? "").Split('\n');
        return "    " + string.Join("\n    ", lines.Take(8).Select(l => l.Trim()));
    }

    private static string Shorten(string escaped) =>
        escaped.Length <= MaxShownInputChars ? escaped : escaped[..MaxShownInputChars] + $"… ({escaped.Length} characters escaped)";

    /// <summary>A C# string literal for <paramref name="s"/>: paste it into a regression test as is.</summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 16).Append('"');
        var run = 0;
        for (var i = 0; i < s.Length; i++)
        {
            // Long runs of one character (deep nesting, padding) print as a count rather than filling the report.
            if (i + 1 < s.Length && s[i + 1] == s[i])
            {
                run++;
                continue;
            }

            if (run >= 8)
            {
                sb.Append("\" + new string(").Append(CharLiteral(s[i])).Append(", ").Append(run + 1).Append(") + \"");
            }
            else
            {
                for (var k = 0; k <= run; k++)
                {
                    AppendEscaped(sb, s[i]);
                }
            }

            run = 0;
        }

        return sb.Append('"').Append($" ({s.Length} chars)").ToString();
    }

    /// <summary>UTF-8 bytes as text when they are valid UTF-8, else as hex.</summary>
    public static string Escape(byte[] bytes)
    {
        try
        {
            return "UTF-8 " + Escape(new UTF8Encoding(false, true).GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return $"bytes (not UTF-8, {bytes.Length}): " + Convert.ToHexString(bytes);
        }
    }

    private static string CharLiteral(char c)
    {
        var sb = new StringBuilder("'");
        if (c == '\'')
        {
            sb.Append("\\'");
        }
        else if (c == '"')
        {
            sb.Append('"');
        }
        else
        {
            AppendEscaped(sb, c);
        }

        return sb.Append('\'').ToString();
    }

    private static void AppendEscaped(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\\': sb.Append(@"\\"); break;
            case '"': sb.Append("\\\""); break;
            case '\n': sb.Append(@"\n"); break;
            case '\r': sb.Append(@"\r"); break;
            case '\t': sb.Append(@"\t"); break;
            case '\0': sb.Append(@"\0"); break;
            default:
                if (c < 0x20 || c > 0x7E)
                {
                    sb.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }

                break;
        }
    }
}
