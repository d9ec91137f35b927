using Berth.Content;
using Berth.References;

namespace Berth.Transfer;

/// <summary>Digests from manifests are untrusted input: a malformed one is a transfer error, not a usage error.</summary>
internal static class DescriptorDigest
{
    public static Digest Of(Descriptor descriptor)
    {
        if (!Digest.TryParse(descriptor.Digest, out var digest, out var error))
        {
            throw new TransferException($"a manifest lists a descriptor with an invalid digest '{descriptor.Digest}': {error}");
        }

        if (!digest.IsSupported)
        {
            throw new TransferException($"descriptor {descriptor.Digest} uses a digest algorithm Berth cannot verify (sha256 and sha512 are supported)");
        }

        return digest;
    }

    public static VerifyingStream Verify(Stream inner, Descriptor descriptor, string where) =>
        new(inner, Of(descriptor), descriptor.Size, $"blob {descriptor.Digest} in {where}");
}
