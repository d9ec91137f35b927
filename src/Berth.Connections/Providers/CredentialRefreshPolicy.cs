namespace Berth.Connections.Providers;

/// <summary>
/// When a short-lived credential is replaced: once less than <see cref="Fraction"/> of its lifetime or
/// <see cref="MinimumMargin"/> remains, whichever is larger, but never later than half-way for tokens shorter
/// than twice the margin. ECR (12 h) renews after 10 h 48 min, a Google access token (1 h) after 54 min, an ACR
/// refresh token (3 h) after 2 h 42 min: early enough that a pull started just before never meets an expired one.
/// </summary>
public sealed record CredentialRefreshPolicy(double Fraction, TimeSpan MinimumMargin)
{
    public static CredentialRefreshPolicy Default { get; } = new(0.10, TimeSpan.FromMinutes(5));

    public DateTimeOffset RefreshAt(DateTimeOffset obtainedAt, DateTimeOffset expiresAt)
    {
        var lifetime = expiresAt - obtainedAt;
        if (lifetime <= TimeSpan.Zero)
        {
            return expiresAt;
        }

        var margin = TimeSpan.FromTicks(Math.Max((long)(lifetime.Ticks * Fraction), MinimumMargin.Ticks));
        margin = TimeSpan.FromTicks(Math.Min(margin.Ticks, lifetime.Ticks / 2));
        return expiresAt - margin;
    }
}
