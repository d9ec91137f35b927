using System.Security.Cryptography;
using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// A layout blob's blocks are reserved for the size its descriptor claims before the bytes arrive. A claim that
/// cannot be reserved (more than the disk or the file system takes) must still end in the size check that names
/// the registry's content, not in a disk error, and must leave no file behind.
/// </summary>
public sealed class LayoutBlobReservationTests
{
    private static readonly byte[] Content = "ten bytes!"u8.ToArray();

    private static Descriptor Claiming(long size) => new()
    {
        MediaType = MediaTypes.OciLayerGzip,
        Digest = Digest.Sha256(Content).Value,
        Size = size,
    };

    private static VerifyingStream Served(long claimedSize) =>
        new(new MemoryStream(Content), Digest.Sha256(Content), claimedSize, "blob from a test registry");

    [Theory]
    [InlineData(1L << 20)] // can be reserved: the size check fails at the end of the bytes
    [InlineData(1L << 50)] // more than ext4 takes in one file (EFBIG) or than the disk has (ENOSPC)
    [InlineData(long.MaxValue)]
    public async Task A_size_the_content_does_not_have_fails_the_size_check_and_leaves_nothing(long claimed)
    {
        using var scratch = new TempDirectory();
        using var layout = new OciLayoutEndpoint(scratch.Combine("layout"), "1");

        var ex = await Assert.ThrowsAsync<DigestMismatchException>(() =>
            layout.PutBlobAsync(Claiming(claimed), Served(claimed), null, CancellationToken.None));

        Assert.Contains($"{claimed} bytes", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(layout.Directory, "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_reserved_file_ends_at_the_content_length()
    {
        using var scratch = new TempDirectory();
        using var layout = new OciLayoutEndpoint(scratch.Combine("layout"), "1");
        var blob = Claiming(Content.Length);

        await layout.PutBlobAsync(blob, Served(Content.Length), null, CancellationToken.None);

        var path = layout.BlobPath(Digest.Sha256(Content));
        Assert.Equal(Content, await File.ReadAllBytesAsync(path));
        Assert.Equal(blob.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
    }
}
