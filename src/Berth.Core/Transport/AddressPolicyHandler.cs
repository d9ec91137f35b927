using Berth.Errors;

namespace Berth.Transport;

/// <summary>
/// Sits right above a socket handler whose connect callback is <see cref="AddressPolicy.ConnectAsync"/>: checks each
/// request's host by name first (what a proxy would otherwise resolve unseen), and turns the callback's refusal, which
/// the socket handler wraps as a connection error, back into the <see cref="RestrictedAddressException"/> naming the
/// request and the party that led there — never a bare "connection failed", and never retried.
/// </summary>
public sealed class AddressPolicyHandler(AddressPolicy policy, ErrorOrigin origin) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = UrlRedactor.Redact(request.RequestUri);
        try
        {
            if (request.RequestUri is { IsAbsoluteUri: true } uri)
            {
                policy.CheckName(uri.IdnHost);
                if (ViaProxy(uri))
                {
                    // The proxy resolves the name, so check what it resolves to here; the proxy itself is checked at connect.
                    try
                    {
                        await policy.ResolveAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        // A name only the proxy can resolve: it is the proxy's to answer.
                    }
                }
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (RestrictedAddressException refused)
        {
            throw refused.For(url, origin);
        }
        catch (HttpRequestException ex) when (Refusal(ex) is { } refused)
        {
            throw refused.For(url, origin);
        }
    }

    private bool ViaProxy(Uri uri)
    {
        if (policy.AllowsLinkLocal)
        {
            return false;
        }

        var proxy = HttpClient.DefaultProxy;
        return !proxy.IsBypassed(uri) && proxy.GetProxy(uri) is { } through && through != uri;
    }

    private static RestrictedAddressException? Refusal(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is RestrictedAddressException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
