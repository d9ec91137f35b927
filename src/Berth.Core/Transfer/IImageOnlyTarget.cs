using Berth.Content;

namespace Berth.Transfer;

/// <summary>A target that holds container images only (docker-archive): it looks at the manifest before anything is written.</summary>
public interface IImageOnlyTarget
{
    /// <summary>Throws a <see cref="TransferException"/> naming the reason when <paramref name="manifest"/> is not an image it can hold.</summary>
    void Admit(ManifestDocument manifest);
}
