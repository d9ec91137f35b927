using System.Globalization;

namespace Berth.Server.Dashboard;

/// <summary>How the dashboard writes times, sizes and ids (as text; the components encode it).</summary>
public static class Format
{
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string PreciseTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string IsoTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes)
    {
        if (bytes < 0)
        {
            return "—";
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    /// <summary>
    /// The last eight hex digits of an id, as tokens and jobs are named on screen: ids are version 7 (time first),
    /// so ids made in the same minute share their first digits but never their random last ones.
    /// </summary>
    public static string ShortId(Guid id) => id.ToString("N")[^8..];

    /// <summary>A path segment or query value.</summary>
    public static string Url(string? value) => Uri.EscapeDataString(value ?? "");

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
