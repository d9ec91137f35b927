using Berth.Content;
using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>A multi-platform image has no image for the platform asked for.</summary>
public sealed class PlatformNotFoundException(string image, Platform platform, IReadOnlyList<string> available)
    : BerthException($"{image} has no image for platform {platform}; it has: {string.Join(", ", available)}")
{
    public override ErrorCategory Category => ErrorCategory.NotFound;
}
