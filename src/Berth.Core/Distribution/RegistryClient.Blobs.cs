using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Berth.Auth;
using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Distribution;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Opens a blob for streaming. The returned stream verifies length and digest as it is read:
    /// the final read throws <see cref="DigestMismatchException"/> if the bytes are not the blob. A read that
    /// receives nothing for the stall timeout throws <see cref="RegistryUnreachableException"/> (<c>Stalled</c>).
    /// </summary>
    public async Task<Stream> GetBlobAsync(string repository, Digest digest, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Get, $"{repository}/blobs/{digest}", AccessScope.RepositoryPull(repository), cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                await ThrowAsync(response, request, $"blob {digest} in {repository}", cancellationToken).ConfigureAwait(false);
            }

            var size = expectedSize ?? response.Content.Headers.ContentLength;
            var body = Watch(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), $"blob {digest} of {repository}", response);
            return new VerifyingStream(body, digest, size, $"blob {digest} from {Registry.Name}/{repository}") { Origin = ErrorOrigin.Registry };
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The largest blob <see cref="ReadBlobAsync"/> reads (<see cref="RegistryClientOptions.MaxConfigBytes"/>).</summary>
    public long MaxConfigBytes => _options.MaxConfigBytes;

    /// <summary>
    /// Reads a small blob whole (an image config), verified against its digest: at most
    /// <see cref="RegistryClientOptions.MaxConfigBytes"/>, whatever the descriptor or the registry claims.
    /// </summary>
    public async Task<byte[]> ReadBlobAsync(string repository, Digest digest, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        var limit = _options.MaxConfigBytes;
        RegistryException TooLarge() => new(Registry.Name, HttpMethod.Get, $"{repository}/blobs/{digest}", HttpStatusCode.OK, [],
            $"blob {digest} of {repository} on {Registry.Name} is larger than the {BoundedContent.FormatBytes(limit)} limit for a config read whole; it is not an image config");
        if (expectedSize > limit)
        {
            throw TooLarge();
        }

        var stream = await GetBlobAsync(repository, digest, expectedSize, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await BoundedContent.ReadAsync(stream, null, limit, TooLarge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>HEADs a blob; its size, or null when the registry does not have it in this repository.</summary>
    public Task<long?> HeadBlobAsync(string repository, Digest digest, CancellationToken cancellationToken = default) =>
        HeadBlobAsync(repository, digest, AccessScope.RepositoryPull(repository), cancellationToken);

    /// <summary>
    /// HEADs a blob with the token scope given: a copy target asks for push as well, as docker's push does, because
    /// Docker Hub refuses a pull-only token on a repository that does not exist yet (401 insufficient_scope).
    /// </summary>
    public async Task<long?> HeadBlobAsync(string repository, Digest digest, AccessScope scope, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Head, $"{repository}/blobs/{digest}", scope, cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, $"blob {digest} in {repository}", cancellationToken).ConfigureAwait(false);
        }

        return response.Content.Headers.ContentLength ?? -1;
    }

    public async Task DeleteBlobAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Delete, $"{repository}/blobs/{digest}", AccessScope.RepositoryDelete(repository), cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, $"blob {digest} in {repository}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens an upload session (<c>POST /v2/&lt;name&gt;/blobs/uploads/</c>).</summary>
    public async Task<BlobUpload> StartUploadAsync(string repository, CancellationToken cancellationToken = default)
    {
        await EnsureRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        using var request = await CreateAsync(HttpMethod.Post, $"{repository}/blobs/uploads/", AccessScope.RepositoryPush(repository), cancellationToken).ConfigureAwait(false);
        request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await ThrowUnexpectedAsync(response, request, $"starting an upload to {repository}", cancellationToken).ConfigureAwait(false);
        }

        return new BlobUpload(repository, Location(response, request.RequestUri!), 0);
    }

    /// <summary>
    /// Asks the registry to mount a blob from another repository it holds. True when mounted (201);
    /// false when the registry opened an upload instead (202), which is cancelled here.
    /// </summary>
    public async Task<bool> MountBlobAsync(string repository, Digest digest, string fromRepository, CancellationToken cancellationToken = default)
    {
        await EnsureRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        var uri = new Uri(baseUri, $"v2/{ApiName(repository)}/blobs/uploads/?mount={Uri.EscapeDataString(digest.Value)}&from={Uri.EscapeDataString(ApiName(fromRepository))}");
        using var request = CreateRequest(HttpMethod.Post, uri, AccessScope.RepositoryPush(repository), AccessScope.RepositoryPull(fromRepository));
        request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            await CancelUploadAsync(new BlobUpload(repository, Location(response, uri), 0), cancellationToken).ConfigureAwait(false);
            return false;
        }

        await ThrowUnexpectedAsync(response, request, $"mounting {digest} from {fromRepository} into {repository}", cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Uploads a blob: one PUT when no chunk size is set, else PATCH chunks with Content-Range. A chunk that
    /// breaks off is resumed from the offset the registry reports (the chunk is still in memory, so the content
    /// need not be seekable); a registry that dropped the session instead answers an upload error, and the
    /// caller starts over. Returns once the registry has committed the blob under its digest.
    /// </summary>
    public async Task UploadBlobAsync(string repository, Digest digest, long size, Stream content,
        BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobUploadOptions();
        var upload = await StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        if (options.ChunkSize is null)
        {
            await CompleteUploadAsync(upload, digest, content, size, cancellationToken).ConfigureAwait(false);
            options.Progress?.Report(size);
            return;
        }

        var resumes = 0;
        var buffer = new byte[(int)Math.Min(options.ChunkSize.Value, Math.Max(size, 1))];
        while (upload.Offset < size)
        {
            var start = upload.Offset;
            var length = (int)Math.Min(buffer.Length, size - start);
            await content.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            var held = 0;
            while (held < length)
            {
                try
                {
                    upload = await PatchAsync(upload, buffer.AsMemory(held, length - held), cancellationToken).ConfigureAwait(false);
                    held = length;
                }
                catch (Exception ex) when (ex is RegistryUnreachableException or IOException || (ex is RegistryException r && r.IsTransient))
                {
                    if (++resumes > options.MaxResumes)
                    {
                        throw;
                    }

                    upload = await GetUploadStatusAsync(upload, cancellationToken).ConfigureAwait(false);
                    var at = upload.Offset - start;
                    if (at < 0 || at > length)
                    {
                        throw new RegistryException(Registry.Name, HttpMethod.Get, UrlRedactor.Redact(upload.Location), HttpStatusCode.RequestedRangeNotSatisfiable, [],
                            $"registry {Registry.Name} reports the upload to {repository} at byte {upload.Offset}, outside the chunk {start}-{start + length - 1} being resent; the upload has to start over");
                    }

                    held = (int)at;
                }
            }

            options.Progress?.Report(upload.Offset);
        }

        await CompleteUploadAsync(upload, digest, null, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one chunk; returns the session with the registry's new location and offset.</summary>
    public async Task<BlobUpload> PatchChunkAsync(BlobUpload upload, Stream content, int length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new byte[length];
        await content.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await PatchAsync(upload, buffer, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BlobUpload> PatchAsync(BlobUpload upload, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var request = CreateRequest(HttpMethod.Patch, upload.Location, AccessScope.RepositoryPush(upload.Repository));
        request.Content = new ReadOnlyMemoryContent(chunk);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.TryAddWithoutValidation("Content-Range",
            string.Create(CultureInfo.InvariantCulture, $"{upload.Offset}-{upload.Offset + chunk.Length - 1}"));
        // Sending the same range again blind is wrong once part of it may have landed: the caller asks
        // the registry where the upload stands and resends from there.
        request.Options.Set(RegistryRequestOptions.NoResend, true);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await ThrowUnexpectedAsync(response, request, $"uploading to {upload.Repository}", cancellationToken).ConfigureAwait(false);
        }

        return new BlobUpload(upload.Repository, Location(response, upload.Location), RangeEnd(response) ?? upload.Offset + chunk.Length);
    }

    /// <summary>Asks where an interrupted upload stands (<c>GET</c> on its location).</summary>
    public async Task<BlobUpload> GetUploadStatusAsync(BlobUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var request = CreateRequest(HttpMethod.Get, upload.Location, AccessScope.RepositoryPush(upload.Repository));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.Accepted))
        {
            await ThrowUnexpectedAsync(response, request, $"checking an upload to {upload.Repository}", cancellationToken).ConfigureAwait(false);
        }

        return new BlobUpload(upload.Repository, Location(response, upload.Location), RangeEnd(response) ?? 0);
    }

    /// <summary>Finishes an upload with <c>PUT ?digest=</c>, optionally carrying the (rest of the) body.</summary>
    public async Task CompleteUploadAsync(BlobUpload upload, Digest digest, Stream? content, long length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var builder = new UriBuilder(upload.Location);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "digest=" + Uri.EscapeDataString(digest.Value);
        using var request = CreateRequest(HttpMethod.Put, builder.Uri, AccessScope.RepositoryPush(upload.Repository));
        ActivityReadStream? body = null;
        if (content is not null)
        {
            body = new ActivityReadStream(content);
            request.Content = new StreamContent(body, 1024 * 1024);
            request.Content.Headers.ContentLength = length;
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Options.Set(RegistryRequestOptions.NoResend, true);
        }
        else
        {
            request.Content = new ByteArrayContent([]);
        }

        using var response = await SendAsync(request, cancellationToken, body: body).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await ThrowUnexpectedAsync(response, request, $"committing blob {digest} in {upload.Repository}", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CancelUploadAsync(BlobUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var request = CreateRequest(HttpMethod.Delete, upload.Location, AccessScope.RepositoryPush(upload.Repository));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        // Registries that cannot cancel uploads let them expire; nothing to do either way.
    }

    private async Task ThrowUnexpectedAsync(HttpResponseMessage response, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, what, cancellationToken).ConfigureAwait(false);
        }

        throw new RegistryException(Registry.Name, request.Method, UrlRedactor.Redact(request.RequestUri), response.StatusCode, [],
            $"registry {Registry.Name} answered an unexpected {(int)response.StatusCode} while {what}");
    }

    private Uri Location(HttpResponseMessage response, Uri requestUri)
    {
        var location = response.Headers.Location
            ?? throw new RegistryException(Registry.Name, HttpMethod.Post, UrlRedactor.Redact(requestUri), response.StatusCode, [],
                $"registry {Registry.Name} opened an upload without a Location header");
        return location.IsAbsoluteUri ? location : new Uri(requestUri, location);
    }

    /// <summary>The offset after the last byte the registry holds, from <c>Range: 0-N</c>.</summary>
    private static long? RangeEnd(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Range", out var values))
        {
            return null;
        }

        var raw = values.FirstOrDefault() ?? "";
        var dash = raw.LastIndexOf('-');
        return dash >= 0 && long.TryParse(raw.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end) ? end + 1 : null;
    }
}
