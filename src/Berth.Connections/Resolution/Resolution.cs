namespace Berth.Connections.Resolution;

/// <summary>Which connection serves an image (null when none does) and why, with every candidate weighed.</summary>
public sealed record Resolution(string Image, Connection? Connection, string Reason, IReadOnlyList<ResolutionCandidate> Candidates);
