namespace Berth.Transport;

/// <summary>How many times and how long to wait when a registry is busy or briefly failing.</summary>
public sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    public static RetryPolicy None { get; } = new() { MaxRetries = 0 };

    public int MaxRetries { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A Retry-After longer than this is not waited for; the 429 goes back to the caller.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Exponential backoff with full jitter, so parallel layer transfers don't retry in lockstep.</summary>
    public TimeSpan Backoff(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (random.NextDouble() * ceiling / 2));
    }
}
