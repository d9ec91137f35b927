using System.Globalization;
using System.Text;

namespace Berth.Cli.Kubelet;

/// <summary>
/// How long the kubelet may keep a credential: until its expiry less a safety margin (a pull that starts just before
/// expiry must still finish), written as a Go duration (<c>time.Duration.String</c>: <c>11h50m0s</c>, <c>4m30s</c>).
/// </summary>
internal static class KubeletCacheDuration
{
    /// <summary>The margin before expiry: a tenth of the remaining life, at least one minute and at most 10 minutes.</summary>
    public static TimeSpan Margin(TimeSpan remaining) =>
        TimeSpan.FromTicks(Math.Clamp(remaining.Ticks / 10, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromMinutes(10).Ticks));

    /// <summary>
    /// Null for a credential without expiry (the kubelet then uses the config's defaultCacheDuration); <c>0s</c> (do not
    /// cache) when it expires within the margin.
    /// </summary>
    public static string? For(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is not { } expiry)
        {
            return null;
        }

        var remaining = expiry - now;
        var usable = remaining - Margin(remaining);
        return Format(usable > TimeSpan.Zero ? usable : TimeSpan.Zero);
    }

    /// <summary>Whole seconds, as Go prints a duration: hours and minutes appear only when non-zero leading units.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Floor(duration.TotalSeconds);
        if (seconds <= 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return text.Append((seconds % 60).ToString(CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}
