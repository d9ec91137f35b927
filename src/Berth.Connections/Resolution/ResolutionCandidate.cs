namespace Berth.Connections.Resolution;

/// <summary>A connection considered for an image, and whether (and how specifically) it matched.</summary>
public sealed record ResolutionCandidate(Connection Connection, bool Matches, int Specificity, string Why);
