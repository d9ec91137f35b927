using Berth.Content;

namespace Berth.Transfer;

/// <summary>
/// Where images are read from: a registry repository, an OCI image layout or a docker-archive tar.
/// Every blob stream it hands out is verified against the descriptor's digest and size while read.
/// </summary>
public interface IImageSource
{
    /// <summary>A display name, e.g. <c>127.0.0.1:5000/team/app</c> or <c>oci:/tmp/app</c>.</summary>
    string Name { get; }

    /// <summary>The tag or digest this source was opened for; null when none was named.</summary>
    string? Reference { get; }

    /// <summary>A manifest by tag or digest; null asks for <see cref="Reference"/> (or the only image there is).</summary>
    Task<ManifestDocument> GetManifestAsync(string? reference, CancellationToken cancellationToken);

    /// <summary>Opens a blob; reading it to the end throws when its bytes do not match the descriptor.</summary>
    Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken);

    /// <summary>Every tag the source holds (for copying all tags).</summary>
    IAsyncEnumerable<string> ListTagsAsync(CancellationToken cancellationToken);
}
