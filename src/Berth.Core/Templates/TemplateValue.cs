namespace Berth.Templates;

/// <summary>What a template value is, in Go terms; the evaluator only ever sees these.</summary>
internal enum ValueKind
{
    /// <summary>No value at all (Go's invalid reflect.Value): a nil, or an empty pipeline result.</summary>
    Nil,
    Bool,
    Int,
    Byte,
    Float,
    String,
    Time,
    Month,
    Weekday,
    Data,
}

/// <summary>
/// One value flowing through a template. A closed set of Go types replaces reflection: <c>int</c>,
/// <c>uint8</c> (what <c>index</c> returns for a string), <c>float64</c>, <c>bool</c>, <c>string</c>,
/// <c>time.Time</c>, <c>time.Month</c>, <c>time.Weekday</c> and the data record itself.
/// </summary>
internal readonly record struct TemplateValue(ValueKind Kind, long Int = 0, double Float = 0, string? Str = null, GoTime Time = default, TagTemplateData? Data = null)
{
    public static readonly TemplateValue Nil = new(ValueKind.Nil);

    public static readonly TemplateValue True = new(ValueKind.Bool, Int: 1);

    public static readonly TemplateValue False = new(ValueKind.Bool, Int: 0);

    public static TemplateValue Of(string s) => new(ValueKind.String, Str: s);

    public static TemplateValue Of(long i) => new(ValueKind.Int, Int: i);

    public static TemplateValue Of(bool b) => b ? True : False;

    public static TemplateValue Of(double f) => new(ValueKind.Float, Float: f);

    public static TemplateValue Of(GoTime t) => new(ValueKind.Time, Time: t);

    public static TemplateValue Of(TagTemplateData d) => new(ValueKind.Data, Data: d);

    public static TemplateValue OfByte(byte b) => new(ValueKind.Byte, Int: b);

    public static TemplateValue OfMonth(int m) => new(ValueKind.Month, Int: m);

    public static TemplateValue OfWeekday(int d) => new(ValueKind.Weekday, Int: d);

    public bool Bool => Int != 0;

    public string String => Str ?? "";

    /// <summary>Go's type name, as error messages and <c>%T</c> show it.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.Nil => "<nil>",
        ValueKind.Bool => "bool",
        ValueKind.Int => "int",
        ValueKind.Byte => "uint8",
        ValueKind.Float => "float64",
        ValueKind.String => "string",
        ValueKind.Time => "time.Time",
        ValueKind.Month => "time.Month",
        ValueKind.Weekday => "time.Weekday",
        _ => nameof(TagTemplateData),
    };

    /// <summary>Values that format through a <c>String()</c> method for <c>%v %s %q %x %X</c>.</summary>
    public bool IsStringer => Kind is ValueKind.Time or ValueKind.Month or ValueKind.Weekday;

    /// <summary>The <c>String()</c> result of a stringer value.</summary>
    public string StringerText => Kind switch
    {
        ValueKind.Time => Time.ToString(),
        ValueKind.Month => GoTimeLayout.MonthName(Int),
        ValueKind.Weekday => GoTimeLayout.DayName(Int),
        _ => String,
    };

    /// <summary>Go's template truth: false, 0, empty string and nil are false; structs are true.</summary>
    public bool IsTrue => Kind switch
    {
        ValueKind.Nil => false,
        ValueKind.Bool or ValueKind.Int or ValueKind.Byte or ValueKind.Month or ValueKind.Weekday => Int != 0,
        ValueKind.Float => Float != 0,
        ValueKind.String => String.Length > 0,
        _ => true,
    };
}
