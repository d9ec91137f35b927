namespace Berth.Distribution;

/// <summary>
/// Docker Hub's pull quota from <c>RateLimit-Limit: 100;w=21600</c> and <c>RateLimit-Remaining</c>.
/// </summary>
public sealed record RateLimitInfo(int? Limit, int? Remaining, TimeSpan? Window)
{
    public static RateLimitInfo? FromHeaders(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var limit = Read(response, "RateLimit-Limit");
        var remaining = Read(response, "RateLimit-Remaining");
        if (limit.Value is null && remaining.Value is null)
        {
            return null;
        }

        return new RateLimitInfo(limit.Value, remaining.Value, limit.Window ?? remaining.Window);
    }

    private static (int? Value, TimeSpan? Window) Read(HttpResponseMessage response, string name)
    {
        if (!response.Headers.NonValidated.TryGetValues(name, out var values))
        {
            return (null, null);
        }

        var raw = values.FirstOrDefault() ?? "";
        var parts = raw.Split(';', StringSplitOptions.TrimEntries);
        int? value = int.TryParse(parts[0], out var v) ? v : null;
        TimeSpan? window = null;
        foreach (var p in parts.Skip(1))
        {
            if (p.StartsWith("w=", StringComparison.Ordinal) && int.TryParse(p.AsSpan(2), out var w))
            {
                window = TimeSpan.FromSeconds(w);
            }
        }

        return (value, window);
    }

    public override string ToString() =>
        $"{Remaining?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of {Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} requests left" +
        (Window is { } w ? $" per {w.TotalHours:0.#} h" : "");
}
