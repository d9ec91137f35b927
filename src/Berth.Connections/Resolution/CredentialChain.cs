using Berth.References;

namespace Berth.Connections.Resolution;

/// <summary>
/// Credential sources, most specific first: explicit flags or a sync file's credentials, then the saved
/// connection that serves the image, then anonymous access. The first source that answers wins.
/// </summary>
public sealed class CredentialChain(IReadOnlyList<ICredentialSource> sources)
{
    public CredentialChoice Resolve(RegistryHost registry, string? repository)
    {
        foreach (var source in sources)
        {
            if (source.Find(registry, repository) is { } choice)
            {
                return choice;
            }
        }

        return CredentialChoice.Anonymous(registry.Name);
    }

    public CredentialChoice Resolve(ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Resolve(image.Registry, image.Repository);
    }
}
