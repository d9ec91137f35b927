namespace Berth.Connections.Providers;

/// <summary>A problem with one field of a connection draft; <see cref="Field"/> is a field name or "url".</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
