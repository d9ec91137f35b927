using Berth.Content;
using Berth.Errors;
using Berth.References;
using Berth.Transport;

namespace Berth.Transfer;

/// <summary>
/// Fetches a foreign or non-distributable layer (Windows base layers, some vendor images) from the <c>urls</c> its
/// descriptor lists, as docker and skopeo do when a registry does not hold it. Every connection — each URL and each
/// redirect — goes through <see cref="AddressPolicy"/>'s connect check like every other request Berth makes; only http and
/// https are tried; the body is verified against the descriptor's size and digest while it streams, and a peer that
/// stops sending fails after the stall timeout.
/// </summary>
public sealed class ForeignLayerFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _stallTimeout;

    public ForeignLayerFetcher(AddressPolicy? addressPolicy = null, TimeSpan? timeout = null, TimeSpan? stallTimeout = null)
    {
        var policy = addressPolicy ?? AddressPolicy.Default;
        var sockets = new SocketsHttpHandler
        {
            UseCookies = false,
            // Redirects (blob storage, CDNs) are followed by the socket handler, which never follows https→http; every hop connects through the policy.
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectCallback = policy.ConnectAsync,
            ConnectTimeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(new AddressPolicyHandler(policy, ErrorOrigin.Registry) { InnerHandler = sockets })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _stallTimeout = stallTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>True for a layer that registries need not hold: the docker foreign type, or an OCI non-distributable one.</summary>
    public static bool IsForeign(Descriptor blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return blob.MediaType == MediaTypes.DockerForeignLayer ||
            blob.MediaType.StartsWith("application/vnd.oci.image.layer.nondistributable.", StringComparison.Ordinal);
    }

    /// <summary>Opens the layer from the first of its URLs that serves it; reading it to the end verifies size and digest.</summary>
    /// <exception cref="TransferException">The layer names no URL, or none of them served it.</exception>
    /// <remarks>A URL (or a redirect) that leads to a link-local or metadata address is refused at connect time and counts as failed.</remarks>
    public async Task<Stream> OpenAsync(Descriptor layer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var digest = DescriptorDigest.Of(layer);
        var urls = layer.Urls ?? [];
        if (urls.Count == 0)
        {
            throw new TransferException(
                $"layer {layer.Digest} is a foreign (non-distributable) layer with no URL to fetch it from, and registries do not hold such layers; a docker-archive needs every layer — use an oci: layout or a registry instead");
        }

        var failures = new List<string>();
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add("a URL that is not http or https (not tried)");
                continue;
            }

            HttpResponseMessage? response = null;
            try
            {
                response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{UrlRedactor.Redact(uri)}: answered {(int)response.StatusCode}");
                    response.Dispose();
                    continue;
                }

                if (response.Content.Headers.ContentLength is { } length && length != layer.Size)
                {
                    failures.Add($"{UrlRedactor.Redact(uri)}: sent {length} bytes where the manifest says {layer.Size}");
                    response.Dispose();
                    continue;
                }

                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var watched = new ActivityReadStream(body, _stallTimeout, read => new TransferException(
                    $"foreign layer {layer.Digest} stopped arriving from {UrlRedactor.Redact(uri)} after {read} bytes (nothing for {_stallTimeout.TotalSeconds:0.###} s)"), response);
                return new VerifyingStream(watched, digest, layer.Size, $"foreign layer {layer.Digest} from {UrlRedactor.Redact(uri)}");
            }
            catch (HttpRequestException ex)
            {
                response?.Dispose();
                failures.Add($"{UrlRedactor.Redact(uri)}: {ex.Message}");
            }
            catch (RestrictedAddressException ex)
            {
                // Refused at connect time (or by name), like every other request: one more URL that cannot serve the layer.
                response?.Dispose();
                failures.Add(ex.Message);
            }
        }

        throw new TransferException(
            $"foreign layer {layer.Digest} could not be fetched from any of its URLs ({string.Join("; ", failures)}); a docker-archive needs every layer");
    }

    public void Dispose() => _http.Dispose();
}
