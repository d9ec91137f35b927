using Berth.Transport;

namespace Berth.Connections.Storage;

/// <summary>A connection's registry quota as last announced, and when.</summary>
public sealed record ObservedRateLimit(RateLimitBudget Budget, DateTimeOffset ObservedAt);
