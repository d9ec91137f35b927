using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using Berth.Auth;
using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Distribution;

/// <summary>
/// A client for one registry speaking the Registry HTTP API v2 / OCI distribution spec:
/// ping, catalog, tags, manifests, blobs, uploads, mounts and deletes.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryClientOptions _options;
    private readonly RegistryTransport _transport;
    private readonly SemaphoreSlim _negotiate = new(1, 1);
    private Uri? _baseUri;

    public RegistryClient(RegistryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _transport = RegistryTransport.Create(options);
        if (options.Scheme is { } scheme)
        {
            _baseUri = BaseFor(scheme);
        }
        else if (!options.Insecure && !options.Registry.IsLoopback)
        {
            _baseUri = BaseFor(Uri.UriSchemeHttps);
        }
    }

    public RegistryHost Registry => _options.Registry;

    /// <summary>The last Docker Hub style rate-limit headers seen, if any.</summary>
    public RateLimitBudget? RateLimit { get; private set; }

    /// <summary>Retries made so far by this client (diagnostics).</summary>
    public int Retries => _transport.Retry.Retries;

    /// <summary>
    /// <c>GET /v2/</c>, authenticating if challenged. 200 means reachable and authorized; a 401
    /// result means the registry wants credentials that were not accepted or not given.
    /// </summary>
    public async Task<PingResult> PingAsync(CancellationToken cancellationToken = default)
    {
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "v2/"));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var version = response.Headers.NonValidated.TryGetValues("Docker-Distribution-API-Version", out var v) ? v.FirstOrDefault() : null;
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Unauthorized))
        {
            await ThrowAsync(response, request, null, cancellationToken).ConfigureAwait(false);
        }

        return new PingResult(baseUri, response.StatusCode, version, _transport.Authentication.LastChallenge);
    }

    /// <summary>Fetches a manifest by tag or digest, verifying its bytes against the digest.</summary>
    public async Task<ManifestDocument> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Get, $"{repository}/manifests/{reference}", AccessScope.RepositoryPull(repository), cancellationToken).ConfigureAwait(false);
        AcceptManifests(request);
        using var response = await SendAsync(request, cancellationToken, limit: new BodyLimit(_options.MaxManifestBytes, $"manifest {repository}:{reference}",
            "a manifest that large is not an image manifest; check the reference")).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, $"manifest {repository}:{reference}", cancellationToken).ConfigureAwait(false);
        }

        var bytes = BodyOf(response);
        ManifestDocument document;
        try
        {
            document = ManifestDocument.Parse(bytes, response.Content.Headers.ContentType?.ToString());
        }
        catch (FormatException ex)
        {
            throw new RegistryException(Registry.Name, request.Method, UrlRedactor.Redact(request.RequestUri), response.StatusCode, [],
                $"registry {Registry.Name} returned an unreadable manifest for {repository}:{reference}: {ex.Message}");
        }

        VerifyManifestDigest(repository, reference, response, document.Digest);
        return document;
    }

    /// <summary>HEADs a manifest; null when it does not exist.</summary>
    public Task<ManifestInfo?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken = default) =>
        HeadManifestAsync(repository, reference, AccessScope.RepositoryPull(repository), cancellationToken);

    /// <summary>HEADs a manifest with the token scope given (a copy target asks for push as well; see <see cref="HeadBlobAsync(string, Digest, AccessScope, CancellationToken)"/>).</summary>
    public async Task<ManifestInfo?> HeadManifestAsync(string repository, string reference, AccessScope scope, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Head, $"{repository}/manifests/{reference}", scope, cancellationToken).ConfigureAwait(false);
        AcceptManifests(request);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, $"manifest {repository}:{reference}", cancellationToken).ConfigureAwait(false);
        }

        var digestHeader = ContentDigest(response);
        Digest digest;
        if (digestHeader is not null && Digest.TryParse(digestHeader, out var parsed))
        {
            digest = parsed;
        }
        else if (Digest.TryParse(reference, out var byReference))
        {
            digest = byReference;
        }
        else
        {
            // No digest header: fall back to fetching the body, which we can hash ourselves.
            var document = await GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
            return new ManifestInfo(document.Digest, document.MediaType, document.Size);
        }

        return new ManifestInfo(digest, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength ?? -1);
    }

    /// <summary>PUTs manifest bytes under a tag or digest; returns the digest the registry stored.</summary>
    public async Task<Digest> PutManifestAsync(string repository, string reference, ReadOnlyMemory<byte> manifest,
        string mediaType, CancellationToken cancellationToken = default)
    {
        await EnsureRepositoryAsync(repository, cancellationToken).ConfigureAwait(false);
        using var request = await CreateAsync(HttpMethod.Put, $"{repository}/manifests/{reference}", AccessScope.RepositoryPush(repository), cancellationToken).ConfigureAwait(false);
        request.Content = new ReadOnlyMemoryContent(manifest);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, $"manifest {repository}:{reference}", cancellationToken).ConfigureAwait(false);
        }

        var expected = Digest.Sha256(manifest.Span);
        var reported = ContentDigest(response);
        if (reported is not null && Digest.TryParse(reported, out var got) && got.Algorithm == "sha256" && got != expected)
        {
            throw new DigestMismatchException($"manifest {repository}:{reference} as stored by {Registry.Name}", expected.Value, got.Value) { Origin = ErrorOrigin.Registry };
        }

        return expected;
    }

    /// <summary>Deletes a manifest by digest (registries refuse deletes by tag).</summary>
    public async Task DeleteManifestAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        using var request = await CreateAsync(HttpMethod.Delete, $"{repository}/manifests/{digest}", AccessScope.RepositoryDelete(repository), cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowAsync(response, request, $"manifest {repository}@{digest}", cancellationToken).ConfigureAwait(false);
        }
    }

    private void VerifyManifestDigest(string repository, string reference, HttpResponseMessage response, Digest actual)
    {
        if (Digest.TryParse(reference, out var wanted))
        {
            if (wanted.Algorithm == "sha256" && wanted != actual)
            {
                throw new DigestMismatchException($"manifest {repository}@{reference} from {Registry.Name}", wanted.Value, actual.Value) { Origin = ErrorOrigin.Registry };
            }

            return;
        }

        var header = ContentDigest(response);
        if (header is not null && Digest.TryParse(header, out var claimed) && claimed.Algorithm == "sha256" && claimed != actual)
        {
            throw new DigestMismatchException($"manifest {repository}:{reference} from {Registry.Name} (Docker-Content-Digest)", claimed.Value, actual.Value) { Origin = ErrorOrigin.Registry };
        }
    }

    private static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var type in MediaTypes.ManifestAccept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
    }

    private static string? ContentDigest(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;

    private Uri BaseFor(string scheme) =>
        new($"{scheme}://{Registry.ApiHost}/{(string.IsNullOrEmpty(_options.ApiPath) ? "" : _options.ApiPath.Trim('/') + "/")}");

    /// <summary>
    /// https unless told otherwise; for loopback and insecure registries, plain http when https
    /// fails, as docker does for its insecure registries.
    /// </summary>
    private async Task<Uri> BaseUriAsync(CancellationToken cancellationToken)
    {
        if (_baseUri is { } known)
        {
            return known;
        }

        await _negotiate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_baseUri is { } raced)
            {
                return raced;
            }

            var https = BaseFor(Uri.UriSchemeHttps);
            using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "v2/"));
            probe.Options.Set(RegistryRequestOptions.NoResend, true);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.Timeout);
                using var response = await _transport.Registry.SendAsync(probe, timeout.Token).ConfigureAwait(false);
                _baseUri = https;
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.InvalidResponse
                or HttpRequestError.ResponseEnded || ex.InnerException is AuthenticationException or IOException)
            {
                // https failed: either the registry speaks plain http, or it speaks https with a
                // certificate we do not trust. Only the first may fall back to http.
                if (await SpeaksHttpsOnlyAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw Unreachable(ex);
                }

                _baseUri = BaseFor(Uri.UriSchemeHttp);
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable(ex);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RegistryUnreachableException(Registry.Name, $"timed out after {_options.Timeout.TotalSeconds:0} s waiting for an answer");
            }

            return _baseUri;
        }
        finally
        {
            _negotiate.Release();
        }
    }

    /// <summary>
    /// True when a plain-http request is answered with Go's "Client sent an HTTP request to an
    /// HTTPS server" (400): the registry is https, so an https failure is a certificate problem.
    /// </summary>
    private async Task<bool> SpeaksHttpsOnlyAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseFor(Uri.UriSchemeHttp), "v2/"));
        probe.Options.Set(RegistryRequestOptions.NoResend, true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var response = await _transport.Registry.SendAsync(probe, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                return false;
            }

            var prefix = await BoundedContent.ReadPrefixAsync(await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false),
                BoundedContent.MaxErrorBodyBytes, timeout.Token).ConfigureAwait(false);
            var body = System.Text.Encoding.UTF8.GetString(prefix);
            return body.Contains("HTTPS", StringComparison.OrdinalIgnoreCase) || body.Contains("TLS", StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }

    private async Task<HttpRequestMessage> CreateAsync(HttpMethod method, string path, AccessScope scope, CancellationToken cancellationToken)
    {
        var baseUri = await BaseUriAsync(cancellationToken).ConfigureAwait(false);
        return CreateRequest(method, new Uri(baseUri, "v2/" + ApiName(path)), scope);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, params AccessScope[] scopes)
    {
        var request = new HttpRequestMessage(method, uri);
        IReadOnlyList<AccessScope> mapped = string.IsNullOrEmpty(_options.NamePrefix)
            ? scopes
            : scopes.Select(s => s.ResourceType == "repository" ? new AccessScope(s.ResourceType, ApiName(s.ResourceName), s.Actions) : s).ToArray();
        request.Options.Set(RegistryRequestOptions.Scopes, mapped);
        return request;
    }

    /// <summary>
    /// An image name (or a path that starts with one) as the API knows it: without <see cref="RegistryClientOptions.NamePrefix"/>.
    /// </summary>
    private string ApiName(string name) =>
        _options.NamePrefix is { Length: > 0 } prefix && name.StartsWith(prefix + "/", StringComparison.Ordinal) ? name[(prefix.Length + 1)..] : name;

    /// <summary>Sends a request, turning transport failures into messages that name the registry and cause.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <param name="completion">
    /// Whether to buffer the response body before returning: within the request's timeout and the stall timeout, at
    /// most <paramref name="limit"/> for a success (the content the caller wants), else the first 64 KiB (error detail).
    /// </param>
    /// <param name="body">A streamed request body: the timeout counts only while the registry takes none of it, so it bounds silence, not the upload.</param>
    /// <param name="limit">The largest success body the caller reads; null when it only needs the status and headers.</param>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, ActivityReadStream? body = null, BodyLimit? limit = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        if (body is not null)
        {
            // While the source is being read, the registry is not the one keeping us waiting.
            body.Reading = () => timeout.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
            body.Activity = () => timeout.CancelAfter(_options.Timeout);
        }

        HttpResponseMessage? response = null;
        try
        {
            // The invoker always returns once headers are in; content is read by the caller.
            response = await _transport.Registry.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (RateLimitBudget.FromHeaders(response) is { } rate)
            {
                RateLimit = rate;
                _options.RateLimitObserved?.Invoke(rate);
            }

            if (completion == HttpCompletionOption.ResponseContentRead && request.Method != HttpMethod.Head)
            {
                await BufferAsync(request, response, limit, timeout.Token).ConfigureAwait(false);
            }

            return response;
        }
        catch (HttpRequestException ex) when (SourceFailure(ex) is { } source)
        {
            // The upload broke because its source did (a stalled or corrupt blob): that is the error, not this registry.
            response?.Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(source);
            throw;
        }
        catch (HttpRequestException ex)
        {
            response?.Dispose();
            throw Unreachable(ex);
        }
        catch (IOException ex)
        {
            // A body broke off while it was buffered (the registry's, or its token service's).
            response?.Dispose();
            throw new RegistryUnreachableException(Registry.Name,
                $"the connection broke while the answer to {request.Method} {UrlRedactor.Redact(request.RequestUri)} was being read: {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw request.Options.TryGetValue(RegistryRequestOptions.WaitingForTokenService, out var tokenService) && tokenService is not null
                ? RegistryUnreachableException.TokenService(Registry.Name, tokenService,
                    $"timed out after {_options.Timeout.TotalSeconds:0.###} s waiting for a token (the registry itself answered; raise --timeout if the token service is only slow)")
                : new RegistryUnreachableException(Registry.Name, $"timed out after {_options.Timeout.TotalSeconds:0.###} s waiting for {request.Method} {UrlRedactor.Redact(request.RequestUri)}");
        }
        catch
        {
            response?.Dispose();
            throw;
        }
        finally
        {
            if (body is not null)
            {
                body.Reading = null;
                body.Activity = null;
            }
        }
    }

    /// <summary>
    /// Replaces a response's content with its bytes, read within bounds: a success body up to <paramref name="limit"/>
    /// (over it is an error naming the content and the limit), any other body up to 64 KiB (the rest is dropped).
    /// </summary>
    private async Task BufferAsync(HttpRequestMessage request, HttpResponseMessage response, BodyLimit? limit, CancellationToken cancellationToken)
    {
        var what = limit?.What ?? $"the answer to {request.Method} {UrlRedactor.Redact(request.RequestUri)}";
        var content = response.Content;
        var stream = Watch(await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), what);
        byte[] bytes;
        await using (stream.ConfigureAwait(false))
        {
            bytes = response.IsSuccessStatusCode && limit is { } bound
                ? await BoundedContent.ReadAsync(stream, content.Headers.ContentLength, bound.MaxBytes,
                    () => TooLarge(request, response, bound), cancellationToken).ConfigureAwait(false)
                : await BoundedContent.ReadPrefixAsync(stream, BoundedContent.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        }

        BoundedContent.Replace(response, new BufferedContent(bytes));
    }

    /// <summary>A response body that fails once the registry sends nothing for the stall timeout.</summary>
    private ActivityReadStream Watch(Stream body, string what, IDisposable? owner = null) =>
        new(body, _options.StallTimeout, read => new RegistryUnreachableException(Registry.Name,
            $"it stopped sending {what}: nothing arrived for {_options.StallTimeout.TotalSeconds:0.###} s after {read} bytes (the stall timeout); try again later, or raise the timeout if the registry is only slow")
        {
            Stalled = true,
        }, owner);

    private RegistryException TooLarge(HttpRequestMessage request, HttpResponseMessage response, BodyLimit limit) =>
        new(Registry.Name, request.Method, UrlRedactor.Redact(request.RequestUri), response.StatusCode, [],
            $"registry {Registry.Name} sent {limit.What} larger than the {BoundedContent.FormatBytes(limit.MaxBytes)} limit; {limit.Fix}");

    /// <summary>A Berth error raised by a streamed request body's source, which the transport wrapped.</summary>
    private static BerthException? SourceFailure(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is BerthException berth)
            {
                return berth;
            }
        }

        return null;
    }

    /// <summary>The body <see cref="SendAsync"/> buffered, without the copies <see cref="HttpContent.ReadAsByteArrayAsync()"/> makes.</summary>
    private static byte[] BodyOf(HttpResponseMessage response) => response.Content is BufferedContent buffered ? buffered.Bytes : [];

    /// <summary>A buffered body that hands out its array as it is.</summary>
    private sealed class BufferedContent : ByteArrayContent
    {
        public BufferedContent(byte[] bytes)
            : base(bytes)
        {
            Bytes = bytes;
        }

        public byte[] Bytes { get; }
    }

    /// <summary>How much of a success body a caller reads, and how to say it was too much.</summary>
    private readonly record struct BodyLimit(long MaxBytes, string What, string Fix);

    private RegistryUnreachableException Unreachable(HttpRequestException ex)
    {
        var socket = ex.InnerException as SocketException ?? ex.InnerException?.InnerException as SocketException;
        var reason = ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"cannot resolve host '{Registry.Hostname}'",
            HttpRequestError.SecureConnectionError =>
                $"TLS handshake failed ({ex.InnerException?.Message ?? ex.Message}); trust its CA with --ca-file, or use --insecure to skip verification",
            _ when socket?.SocketErrorCode == SocketError.ConnectionRefused => "connection refused",
            _ when socket?.SocketErrorCode == SocketError.TimedOut => "connection timed out",
            _ when ex.InnerException is AuthenticationException =>
                $"TLS handshake failed ({ex.InnerException.Message}); trust its CA with --ca-file, or use --insecure to skip verification",
            _ => ex.Message,
        };
        return new RegistryUnreachableException(Registry.Name, reason, ex);
    }

    private async Task ThrowAsync(HttpResponseMessage response, HttpRequestMessage request, string? subject, CancellationToken cancellationToken)
    {
        byte[] body = [];
        if (request.Method != HttpMethod.Head)
        {
            // Buffered already unless the body was streamed (a blob): then at most 64 KiB, within the request timeout.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.Timeout);
            try
            {
                var stream = Watch(await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), "an error answer");
                await using (stream.ConfigureAwait(false))
                {
                    body = await BoundedContent.ReadPrefixAsync(stream, BoundedContent.MaxErrorBodyBytes, deadline.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or RegistryUnreachableException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The status says enough when the body cannot be read.
            }
        }

        var errors = RegistryErrorParser.Parse(body);
        var url = UrlRedactor.Redact(request.RequestUri);
        var status = (int)response.StatusCode;
        var codes = errors.Count > 0 ? string.Join("; ", errors.Select(e => e.ToString())) : response.ReasonPhrase ?? response.StatusCode.ToString();
        var about = subject is null ? "" : $" for {subject}";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw AccessRefusalReport.Create(Registry.Name, request, response, errors, subject);
        }

        if (response.StatusCode == HttpStatusCode.NotFound && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head
            && errors.Any(e => e.Code == RegistryErrorCodes.NameUnknown) && RepositoryOf(request.RequestUri) is { } missing)
        {
            throw new RegistryException(Registry.Name, request.Method, url, response.StatusCode, errors,
                $"registry {Registry.Name} has no repository '{missing}' and does not create one on push ({codes}); create the repository first " +
                $"(on ECR: aws ecr create-repository --repository-name {missing}, or let Berth create repositories: berth connect ecr ... --create-repositories), then push again");
        }

        var retryAfter = RetryHandler.RequestedDelay(response, _options.Time.GetUtcNow());
        if (response.StatusCode == HttpStatusCode.TooManyRequests && RateLimitBudget.FromHeaders(response) is { Exhausted: true, Window: { } window } budget
            && window >= RateLimitBudget.LongWindow)
        {
            var wait = retryAfter ?? window;
            throw new RegistryException(Registry.Name, request.Method, url, response.StatusCode, errors,
                $"registry {Registry.Name} refused {request.Method} {url}{about}: its rate limit is used up ({budget}); it frees up within {FormatWait(wait)} (by {(_options.Time.GetUtcNow() + wait):yyyy-MM-dd HH:mm} UTC), so Berth did not retry: {codes}")
            {
                RetryAfter = wait,
            };
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var limit = RateLimit is { } r ? $"; rate limit: {r}" : "";
            throw new RegistryException(Registry.Name, request.Method, url, response.StatusCode, errors,
                $"registry {Registry.Name} is rate limiting requests (429){about}: {codes}{limit}")
            {
                RetryAfter = retryAfter,
            };
        }

        throw new RegistryException(Registry.Name, request.Method, url, response.StatusCode, errors,
            $"registry {Registry.Name} answered {status}{about}: {codes}")
        {
            RetryAfter = ErrorCategories.IsTransientStatus(response.StatusCode) ? retryAfter : null,
        };
    }

    /// <summary>The repository a <c>/v2/NAME/(blobs|manifests|tags)/…</c> URL is about.</summary>
    private static string? RepositoryOf(Uri? uri)
    {
        var path = uri?.AbsolutePath ?? "";
        var start = path.IndexOf("/v2/", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        path = path[(start + 4)..];
        foreach (var marker in (string[])["/blobs/", "/manifests/", "/tags/"])
        {
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                return path[..at];
            }
        }

        return null;
    }

    private static string FormatWait(TimeSpan wait) => wait.TotalHours >= 1 ? $"{wait.TotalHours:0.#} h" : wait.TotalMinutes >= 1 ? $"{wait.TotalMinutes:0} min" : $"{wait.TotalSeconds:0} s";

    public void Dispose()
    {
        _transport.Dispose();
        _negotiate.Dispose();
    }
}
