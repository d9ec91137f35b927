namespace Berth.Server.Copies;

/// <summary>Copy an image between two registries of the organization: <c>{source, target, platform?, allTags?}</c>.</summary>
public sealed record CopyRequest(string? Source, string? Target, string? Platform, bool? AllTags);
