using Berth.Content;
using Berth.Errors;
using Berth.References;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// With a known size, a wrong blob fails on the read that would deliver its last byte, so an upload
/// streaming it with Content-Length never sends a complete (committable) body.
/// </summary>
public sealed class VerifyingStreamEarlyCheckTests
{
    [Fact]
    public async Task The_final_bytes_of_a_wrong_blob_are_never_handed_out()
    {
        var good = new byte[10_000];
        new Random(5).NextBytes(good);
        var bad = (byte[])good.Clone();
        bad[^1] ^= 1;
        var digest = Digest.Sha256(good);

        await using var stream = new VerifyingStream(new MemoryStream(bad), digest, bad.Length, "test blob");
        var buffer = new byte[4096];
        long delivered = 0;
        var ex = await Assert.ThrowsAsync<DigestMismatchException>(async () =>
        {
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                delivered += n;
            }
        });

        Assert.Contains(digest.Value, ex.Message);
        Assert.True(delivered < bad.Length, $"delivered {delivered} of {bad.Length} bytes");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8192)]
    public async Task A_right_blob_reads_to_the_end(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        await using var stream = new VerifyingStream(new MemoryStream(data), Digest.Sha256(data), size, "test blob");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }
}
