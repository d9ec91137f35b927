namespace Berth.Testing;

/// <summary>What a <see cref="HostileRegistry"/> does wrong; everything else it answers as a small, correct registry.</summary>
public enum HostileBehavior
{
    /// <summary>Nothing: a registry holding one tiny image, <c>team/app:1.0</c>.</summary>
    None,

    /// <summary><c>/v2/</c> asks for a Bearer token; the token service's 200 reply (chunked) never ends.</summary>
    EndlessTokenReply,

    /// <summary>As <see cref="EndlessTokenReply"/>, but the reply declares a <c>Content-Length</c> of 6 GiB.</summary>
    HugeTokenReply,

    /// <summary>Manifests, tags and the catalog answer 404 with an error body that never ends.</summary>
    EndlessErrorBody,

    /// <summary>A manifest GET answers 200 with a manifest that never ends.</summary>
    EndlessManifest,

    /// <summary><c>tags/list</c> and <c>_catalog</c> answer small pages, each with a <c>Link: rel="next"</c> to a new one, forever.</summary>
    EndlessTagPages,

    /// <summary>
    /// <c>tags/list</c> and <c>_catalog</c> answer pages of <see cref="HostileRegistry.HugePageBytes"/> bytes of short names
    /// (with <c>Content-Length</c>), each linking to the next, forever.
    /// </summary>
    HugeTagPages,

    /// <summary><c>tags/list</c> and <c>_catalog</c> answer one page (chunked) that never ends.</summary>
    EndlessTagPage,

    /// <summary>A blob GET sends its headers and 10 bytes, then nothing until the client gives up.</summary>
    StallingBlob,

    /// <summary>A manifest GET sends its headers and 10 bytes, then nothing until the client gives up.</summary>
    StallingManifest,
}
