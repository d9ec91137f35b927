using Berth.Transfer.Sync;

namespace Berth.Connections.Sync;

/// <summary>The repositories a mirror will sync, and those it cannot (an invalid destination name), with the reason.</summary>
public sealed record MirrorPlan(IReadOnlyList<SyncRepository> Repositories, IReadOnlyList<SyncedImage> Refused);
