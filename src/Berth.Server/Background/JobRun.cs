namespace Berth.Server.Background;

/// <summary>One run of a background job by this replica: which job, which time slot, what it did.</summary>
public sealed record JobRun(string Job, long Slot, DateTimeOffset At, int Items);
