using Berth.Content;
using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>A multi-platform image in a registry has no image for the platform asked for.</summary>
public sealed class PlatformNotFoundException : BerthException
{
    public PlatformNotFoundException(string image, Platform platform, IReadOnlyList<string> available)
        : base($"{image} has no image for platform {platform}; it has: {string.Join(", ", available)}")
    {
        Origin = ErrorOrigin.Registry;
    }

    public override ErrorCategory Category => ErrorCategory.NotFound;
}
