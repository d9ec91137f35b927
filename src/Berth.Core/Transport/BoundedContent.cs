using System.Globalization;

namespace Berth.Transport;

/// <summary>
/// The one place Berth reads a whole body or file into memory. Whatever a peer or a file claims about its size, at most
/// the limit is ever held: bytes are counted as they arrive, and one byte over the limit ends the read
/// with the caller's error. Local files must be regular files: a FIFO would block forever and <c>/dev/zero</c> never
/// ends, while both report a length of 0.
/// </summary>
public static class BoundedContent
{
    /// <summary>An error answer's body is read this far (enough for any <c>{"errors":[…]}</c>); the rest is dropped.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Reads <paramref name="source"/> to its end. More than <paramref name="maxBytes"/> bytes, or a declared length over
    /// it, throws what <paramref name="tooLarge"/> makes, before the extra bytes are kept.
    /// </summary>
    /// <param name="source">The body or file.</param>
    /// <param name="declaredLength">What the peer said the length is (<c>Content-Length</c>), when it said: checked first, never trusted.</param>
    /// <param name="maxBytes">The most this content may hold.</param>
    /// <param name="tooLarge">The error to throw: it names the content, the peer and the limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<byte[]> ReadAsync(Stream source, long? declaredLength, long maxBytes, Func<Exception> tooLarge,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tooLarge);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (declaredLength > maxBytes)
        {
            throw tooLarge();
        }

        var (bytes, complete) = await ReadUpToAsync(source, maxBytes, declaredLength, cancellationToken).ConfigureAwait(false);
        return complete ? bytes : throw tooLarge();
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> bytes and leaves the rest unread: for error bodies, where the status
    /// already says what happened and the body only adds detail.
    /// </summary>
    public static async Task<byte[]> ReadPrefixAsync(Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var (bytes, _) = await ReadUpToAsync(source, maxBytes, null, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>
    /// Reads a local file whole, refusing anything but a regular file and counting the bytes actually read (the length
    /// the file system reports is not trusted: it is 0 for <c>/dev/zero</c>, and a file may grow while it is read).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most it may hold.</param>
    /// <param name="tooLarge">The error for a file over the limit.</param>
    /// <param name="notRegular">The error for a path that is not a regular file, given what it is instead ("a FIFO").</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<byte[]> ReadFileAsync(string path, long maxBytes, Func<Exception> tooLarge, Func<string, Exception> notRegular,
        CancellationToken cancellationToken)
    {
        RequireRegularFile(path, notRegular);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await ReadAsync(file, null, maxBytes, tooLarge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Throws what <paramref name="notRegular"/> makes when <paramref name="path"/> exists and is not a regular file
    /// (a FIFO, a device, a socket, a directory). A missing path passes: opening it reports that as usual.
    /// </summary>
    public static void RequireRegularFile(string path, Func<string, Exception> notRegular)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(notRegular);
        if (FileTypeProbe.Describe(path) is { } kind)
        {
            throw notRegular(kind);
        }
    }

    /// <summary>A byte count as people read limits: "4 MiB", "64 KiB", "1000 bytes".</summary>
    /// <summary>
    /// Puts a body that was read under a bound in place of the response's streamed one, keeping its headers (all but
    /// <c>Content-Length</c>, which the buffer sets), and disposes the streamed one.
    /// </summary>
    public static void Replace(HttpResponseMessage response, HttpContent buffered)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(buffered);
        var streamed = response.Content;
        foreach (var header in streamed.Headers.NonValidated)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content = buffered;
        streamed.Dispose();
    }

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        >= 1024 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    /// <summary>
    /// Reads until the end or until more than <paramref name="maxBytes"/> bytes arrived; the second result says whether
    /// the end came first (then the array is exactly the content), else it holds the first <paramref name="maxBytes"/>
    /// bytes. The buffer grows with what arrives, never with what was announced.
    /// </summary>
    private static async Task<(byte[] Bytes, bool Complete)> ReadUpToAsync(Stream source, long maxBytes, long? declaredLength,
        CancellationToken cancellationToken)
    {
        var max = (int)Math.Min(maxBytes, Array.MaxLength);
        var buffer = new byte[Math.Min(max, declaredLength is { } d && d >= 0 ? (int)Math.Min(d, max) : ChunkSize)];
        var probe = new byte[1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // Full: one more byte says whether the content ends here or goes on.
                if (await source.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return (buffer, true);
                }

                if (length == max)
                {
                    return (buffer, false);
                }

                Array.Resize(ref buffer, (int)Math.Min(max, Math.Max((long)buffer.Length * 2, ChunkSize)));
                buffer[length++] = probe[0];
                continue;
            }

            var n = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return (length == buffer.Length ? buffer : buffer[..length], true);
            }

            length += n;
        }
    }
}
