using Berth.Templates;

namespace Berth.Core.Tests.Templates;

/// <summary>Go reference-time layouts applied to Wednesday 2026-03-04 05:06:07.089 UTC (day 63 of the year).</summary>
public sealed class GoTimeFormatTests
{
    public static TheoryData<string, string> Layouts => new()
    {
        { "2006-01-02", "2026-03-04" },
        { "06 1 2 _2 15 3 03 4 04 5 05", "26 3 4  4 05 5 05 6 06 7 07" },
        { "Jan January Mon Monday", "Mar March Wed Wednesday" },
        { "3PM 3pm", "5AM 5am" },
        { "MST -0700 -07:00 -07 Z07:00 Z0700 Z07", "UTC +0000 +00:00 +00 Z Z Z" },
        { ".000 .999 ,000 .000000 .999999999 .0", ".089 .089 ,089 .089000 .089 .0" },
        { "Month", "Month" },
        { "20060102T150405Z", "20260304T050607Z" },
        { "002 __2", "063  63" },
        { "_2006", "_2026" },
        { "x.0001", "x.0003" },
        { "3:04PM", "5:06AM" },
        { "Mon, 02 Jan 2006 15:04:05 MST", "Wed, 04 Mar 2026 05:06:07 UTC" },
        { "2006-01-02T15:04:05.999999999Z07:00", "2026-03-04T05:06:07.089Z" },
        { "no tokens here!", "no tokens here!" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Formats_with_go_layout_tokens(string layout, string expected)
    {
        Assert.Equal(expected, new GoTime(TemplateFixture.Instant).Format(layout));
        Assert.Equal(expected, TemplateFixture.Raw("{{ .Time.Format " + GoString(layout) + " }}"));
    }

    [Fact]
    public void Fixed_offset_without_zone_name_prints_numeric_offset_for_MST()
    {
        // 05:06:07 at +02:00 is 03:06:07 UTC: two hours (7200 s) before the fixture's 1772600767.
        var t = new GoTime(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));
        Assert.Equal("+0200 +02:00 +02:00 05 1772593567", t.Format("MST -07:00 Z07:00 15 ") + t.Unix);
    }

    [Fact]
    public void Negative_offset_and_noon_midnight_twelve_hour_clock()
    {
        var noon = new GoTime(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.FromMinutes(-(5 * 60) - 30)));
        Assert.Equal("12PM -05:30 -0530", noon.Format("3PM Z07:00 -0700"));
        var midnight = new GoTime(new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("12AM 12", midnight.Format("3PM 03"));
    }

    [Fact]
    public void Whole_seconds_drop_trimmed_fraction_but_keep_fixed_one()
    {
        var t = new GoTime(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        Assert.Equal("05:06:07|05:06:07.000", t.Format("15:04:05.999|15:04:05.000"));
        Assert.Equal("2026-03-04 05:06:07 +0000 UTC", t.ToString());
    }

    private static string GoString(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
