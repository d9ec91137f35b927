using System.Globalization;

namespace Berth.Templates;

/// <summary>
/// The build time as a Go <c>time.Time</c> sees it: an instant, a fixed UTC offset and a zone name.
/// Templates call its methods (<c>.Time.Format "20060102"</c>, <c>.Time.Unix</c>, <c>.Time.Year</c>, …).
/// </summary>
/// <remarks>
/// Precision is that of <see cref="DateTimeOffset"/> (100 ns); Go's nanosecond digits below that are zero.
/// </remarks>
public readonly struct GoTime : IEquatable<GoTime>
{
    /// <summary>Go's <c>Time.String</c> layout, used when a template prints a time as is.</summary>
    public const string StringLayout = "2006-01-02 15:04:05.999999999 -0700 MST";

    private readonly string? _zoneName;

    /// <param name="instant">The instant and the offset its clock fields are shown in.</param>
    /// <param name="zoneName">The zone abbreviation <c>MST</c> prints; defaults to <c>UTC</c> for a zero offset and to none otherwise (Go then prints the numeric offset).</param>
    public GoTime(DateTimeOffset instant, string? zoneName = null)
    {
        Instant = instant;
        _zoneName = zoneName;
    }

    /// <summary>The instant, carrying the offset that clock fields are shown in.</summary>
    public DateTimeOffset Instant { get; }

    /// <summary>The zone abbreviation, or empty when the zone has no name.</summary>
    public string ZoneName => _zoneName ?? (Instant.Offset == TimeSpan.Zero ? "UTC" : "");

    /// <summary>Seconds since the Unix epoch, like Go's <c>Time.Unix</c>.</summary>
    public long Unix => Instant.ToUnixTimeSeconds();

    /// <summary>Milliseconds since the Unix epoch, like Go's <c>Time.UnixMilli</c>.</summary>
    public long UnixMilli => Instant.ToUnixTimeMilliseconds();

    /// <summary>Nanoseconds within the second, like Go's <c>Time.Nanosecond</c>.</summary>
    public int Nanosecond => (int)(Instant.Ticks % TimeSpan.TicksPerSecond) * 100;

    /// <summary>Creates a UTC time from Unix seconds.</summary>
    public static GoTime FromUnixSeconds(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

    /// <summary>This instant shown in UTC, like Go's <c>Time.UTC</c>.</summary>
    public GoTime ToUtc() => new(Instant.ToUniversalTime());

    /// <summary>Formats with a Go reference-time layout (<c>Mon Jan 2 15:04:05 MST 2006</c>).</summary>
    public string Format(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return GoTimeLayout.Format(this, layout);
    }

    public bool Equals(GoTime other) => Instant.Equals(other.Instant) && Instant.Offset == other.Instant.Offset && ZoneName == other.ZoneName;

    public override bool Equals(object? obj) => obj is GoTime other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Instant, Instant.Offset, ZoneName);

    public static bool operator ==(GoTime left, GoTime right) => left.Equals(right);

    public static bool operator !=(GoTime left, GoTime right) => !left.Equals(right);

    /// <summary>Go's <c>Time.String</c>: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>.</summary>
    public override string ToString() => Format(StringLayout);

    internal static string FormatRfc3339(GoTime time) => time.Format("2006-01-02T15:04:05Z07:00");

    internal static bool TryParseRfc3339(string text, out GoTime time)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            time = new GoTime(instant);
            return true;
        }

        time = default;
        return false;
    }
}
