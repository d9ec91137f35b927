namespace Berth.Cli.Output;

/// <summary>
/// The table form of a single object: one "key  value" line per field, keys padded to one column.
/// Plain text rather than a boxed table, so it reads well in logs and pipes into grep/awk.
/// </summary>
internal static class KeyValueList
{
    /// <summary>Shown for a value that is absent, so every line keeps two columns.</summary>
    public const string None = "-";

    public static void Write(TextWriter writer, IReadOnlyList<KeyValuePair<string, string?>> rows)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Key.Length);
        foreach (var (key, value) in rows)
        {
            writer.Write(key.PadRight(width + 2));
            writer.WriteLine(string.IsNullOrEmpty(value) ? None : value);
        }
    }
}
