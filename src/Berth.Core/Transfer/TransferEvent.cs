namespace Berth.Transfer;

/// <summary>One progress report from <see cref="ImageCopier"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Digest">The blob or manifest digest.</param>
/// <param name="Size">The blob or manifest size in bytes.</param>
/// <param name="Bytes">Bytes transferred so far for this blob.</param>
/// <param name="MediaType">The descriptor's media type.</param>
/// <param name="Reference">For image and manifest events, the tag (or digest) written.</param>
public sealed record TransferEvent(
    TransferEventKind Kind,
    string Digest,
    long Size,
    long Bytes = 0,
    string? MediaType = null,
    string? Reference = null);
