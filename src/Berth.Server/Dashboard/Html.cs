using System.Globalization;
using System.Text.Encodings.Web;

namespace Berth.Server.Dashboard;

/// <summary>Encoding and formatting helpers for the server-rendered pages: every dynamic value goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>A query-string or path value.</summary>
    public static string U(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? $"<time datetime=\"{t.UtcDateTime:O}\">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>" : "—";

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
}
