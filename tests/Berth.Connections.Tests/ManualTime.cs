using System.Globalization;

namespace Berth.Connections.Tests;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public static ManualTime At(string iso) => new(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
