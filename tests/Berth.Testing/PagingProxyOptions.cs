namespace Berth.Testing;

/// <summary>How a <see cref="PagingProxy"/> pages <c>tags/list</c> and <c>_catalog</c>.</summary>
public sealed class PagingProxyOptions
{
    /// <summary>Largest page served; a larger <c>n</c> is capped to it, a missing <c>n</c> gets it.</summary>
    public int PageSize { get; init; } = 10;

    /// <summary>Always answer <see cref="PageSize"/> entries whatever <c>n</c> asks (some registries do).</summary>
    public bool IgnoreN { get; init; }

    /// <summary>Answer about half a page on non-final pages while still sending <c>Link</c>: clients must follow Link, not stop on a short page.</summary>
    public bool ShortPages { get; init; }

    /// <summary>Page <c>GET /v2/NAME/tags/list</c> (Distribution 2.8 itself returns every tag at once).</summary>
    public bool PaginateTags { get; init; } = true;

    /// <summary>Page <c>GET /v2/_catalog</c> (the full list is gathered from upstream's own pages first).</summary>
    public bool PaginateCatalog { get; init; } = true;
}
