namespace Berth.Templates;

/// <summary>A method a template can call on a value, with its parameter count (all parameters are strings).</summary>
internal sealed record TemplateMethod(int ParameterCount, Func<TemplateValue, IReadOnlyList<TemplateValue>, TemplateValue> Invoke);

/// <summary>
/// The methods of Go's <c>time.Time</c>, <c>time.Month</c> and <c>time.Weekday</c> that return a single value,
/// resolved by name instead of by reflection.
/// </summary>
internal static class TemplateMethods
{
    private static readonly Dictionary<string, TemplateMethod> TimeMethods = new(StringComparer.Ordinal)
    {
        ["Format"] = new(1, (t, a) => TemplateValue.Of(t.Time.Format(a[0].String))),
        ["String"] = new(0, (t, _) => TemplateValue.Of(t.Time.ToString())),
        ["Unix"] = new(0, (t, _) => TemplateValue.Of(t.Time.Unix)),
        ["UnixMilli"] = new(0, (t, _) => TemplateValue.Of(t.Time.UnixMilli)),
        ["UnixMicro"] = new(0, (t, _) => TemplateValue.Of((t.Time.Instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10)),
        ["UnixNano"] = new(0, (t, _) => TemplateValue.Of((t.Time.Instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100)),
        ["Year"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Instant.Year)),
        ["Month"] = new(0, (t, _) => TemplateValue.OfMonth(t.Time.Instant.Month)),
        ["Day"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Instant.Day)),
        ["Hour"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Instant.Hour)),
        ["Minute"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Instant.Minute)),
        ["Second"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Instant.Second)),
        ["Nanosecond"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Nanosecond)),
        ["YearDay"] = new(0, (t, _) => TemplateValue.Of((long)t.Time.Instant.DayOfYear)),
        ["Weekday"] = new(0, (t, _) => TemplateValue.OfWeekday((int)t.Time.Instant.DayOfWeek)),
        ["UTC"] = new(0, (t, _) => TemplateValue.Of(t.Time.ToUtc())),
        ["IsZero"] = new(0, (t, _) => TemplateValue.Of(t.Time.Instant.UtcTicks == 0)),
    };

    private static readonly TemplateMethod StringMethod = new(0, (v, _) => TemplateValue.Of(v.StringerText));

    public static bool TryGet(TemplateValue receiver, string name, out TemplateMethod method)
    {
        switch (receiver.Kind)
        {
            case ValueKind.Time when TimeMethods.TryGetValue(name, out var m):
                method = m;
                return true;
            case ValueKind.Month or ValueKind.Weekday when name == "String":
                method = StringMethod;
                return true;
            default:
                method = StringMethod;
                return false;
        }
    }
}
