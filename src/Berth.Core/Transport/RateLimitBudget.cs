using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Berth.Transport;

/// <summary>
/// A registry's request quota as Docker Hub announces it: <c>RateLimit-Limit: 100;w=21600</c> and
/// <c>RateLimit-Remaining: 76;w=21600</c> (the IETF RateLimit draft's quota policy: a count, then <c>w=</c> the window
/// in seconds). Immutable; parsed from the two header values.
/// </summary>
/// <remarks>Grammar: <c>value = 1*DIGIT *( OWS ";" OWS param )</c>, <c>param = token "=" ( token / quoted-string )</c>;
/// unknown parameters are ignored.</remarks>
public readonly record struct RateLimitBudget(int Limit, int? Remaining, TimeSpan? Window)
{
    /// <summary>Windows this long are not worth waiting out in a retry loop: a used-up budget fails at once.</summary>
    public static TimeSpan LongWindow { get; } = TimeSpan.FromMinutes(5);

    /// <summary>True when nothing remains.</summary>
    public bool Exhausted => Remaining is <= 0;

    /// <summary>Parses <c>RateLimit-Limit</c> and (optionally) <c>RateLimit-Remaining</c>.</summary>
    public static RateLimitBudget Parse(string limit, string? remaining = null) =>
        TryParse(limit, remaining, out var budget) ? budget : throw new FormatException($"not a RateLimit-Limit value: '{limit}'");

    public static bool TryParse([NotNullWhen(true)] string? limit, string? remaining, out RateLimitBudget budget)
    {
        budget = default;
        if (!TryParsePart(limit, out var count, out var window))
        {
            return false;
        }

        int? left = null;
        if (remaining is not null)
        {
            if (!TryParsePart(remaining, out var r, out var remainingWindow))
            {
                return false;
            }

            left = r;
            window ??= remainingWindow;
        }

        budget = new RateLimitBudget(count, left, window);
        return true;
    }

    /// <summary>The budget a response announces, or null when it carries no (readable) <c>RateLimit-Limit</c>.</summary>
    public static RateLimitBudget? FromHeaders(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers.NonValidated;
        if (!headers.TryGetValues("RateLimit-Limit", out var limits))
        {
            return null;
        }

        var remaining = headers.TryGetValues("RateLimit-Remaining", out var r) ? r.FirstOrDefault() : null;
        return TryParse(limits.FirstOrDefault(), remaining, out var budget) ? budget : null;
    }

    /// <summary>The leading count of one <c>RateLimit-Limit</c> or <c>RateLimit-Remaining</c> value (parameters ignored).</summary>
    public static bool TryParseCount(string? value, out int count) => TryParsePart(value, out count, out _);

    private static bool TryParsePart(string? value, out int count, out TimeSpan? window)
    {
        count = 0;
        window = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > 256)
        {
            return false;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            return false;
        }

        foreach (var part in parts.AsSpan(1))
        {
            if (part.StartsWith("w=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part.AsSpan(2).Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                window = TimeSpan.FromSeconds(seconds);
            }
        }

        return true;
    }

    public override string ToString() =>
        $"{Remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {Limit.ToString(CultureInfo.InvariantCulture)} requests left" +
        (Window is { } w ? $" per {(w.TotalHours >= 1 ? $"{w.TotalHours:0.#} h" : $"{w.TotalSeconds:0} s")}" : "");
}
