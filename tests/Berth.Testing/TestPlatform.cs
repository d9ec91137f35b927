namespace Berth.Testing;

/// <summary>An image platform as OCI writes it: <c>os</c>, <c>architecture</c>, optional <c>variant</c>.</summary>
public sealed record TestPlatform(string Os, string Architecture, string? Variant = null)
{
    public static TestPlatform LinuxAmd64 { get; } = new("linux", "amd64");

    public static TestPlatform LinuxArm64V8 { get; } = new("linux", "arm64", "v8");

    public static TestPlatform LinuxArmV7 { get; } = new("linux", "arm", "v7");

    /// <summary>Parses <c>os/arch[/variant]</c>.</summary>
    public static TestPlatform Parse(string value)
    {
        var parts = value.Split('/');
        return parts.Length switch
        {
            2 => new TestPlatform(parts[0], parts[1]),
            3 => new TestPlatform(parts[0], parts[1], parts[2]),
            _ => throw new FormatException($"Platform '{value}' is not os/arch[/variant]."),
        };
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
