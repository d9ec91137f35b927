namespace Berth.Connections.Providers;

/// <summary>
/// The largest <c>n</c> a provider's registry accepts on <c>tags/list</c> and <c>_catalog</c>: a connection's page size
/// is clamped to it when saved, so listing never starts with a refusal. ECR refuses more than 1000 (400 UNSUPPORTED,
/// "Member must have value less than or equal to 1000"). Others take what they take; a refusal falls back to the
/// registry's own paging.
/// </summary>
public static class ProviderPageLimits
{
    public const int Ecr = 1000;

    /// <summary>The limit for a connection type, or null when the provider documents none.</summary>
    public static int? For(string? type) => type switch
    {
        "ecr" => Ecr,
        _ => null,
    };

    /// <summary>A requested page size, clamped to the type's limit.</summary>
    public static int? Clamp(string? type, int? requested) =>
        requested is { } n && For(type) is { } max && n > max ? max : requested;
}
