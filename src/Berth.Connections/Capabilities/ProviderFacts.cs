namespace Berth.Connections.Capabilities;

/// <summary>
/// What providers are documented or widely reported to do that a cheap probe cannot see: Google Artifact
/// Registry's <c>_catalog</c> answers an empty list whatever the project holds; ECR answers a mount request
/// with 202 (an upload) unless registry-wide blob mounting is turned on.
/// </summary>
internal static class ProviderFacts
{
    public static bool AnswersEmptyCatalog(string type) => string.Equals(type, "gar", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the provider mounts blobs across repositories; null when the provider does not decide it.</summary>
    public static bool? Mounts(string type) => string.Equals(type, "ecr", StringComparison.OrdinalIgnoreCase) ? false : null;
}
