using System.Net;
using Berth.Distribution;
using Berth.Errors;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>
    /// A connection URL with a path whose registry answers <c>/v2/</c> with 404 at the host's root but answers
    /// <c>&lt;path&gt;/v2/</c> has its API under that path (an Artifactory repository, a reverse proxy): the draft
    /// gets that API path. Anything else leaves the draft as it is, for verification to report.
    /// </summary>
    private async Task<Connection> DetectApiPathAsync(Connection draft, CancellationToken cancellationToken)
    {
        if (draft.Options.ApiPath is not null || !ApiRoute.For(draft).IsRoot
            || !Providers.RegistryUrl.TryParse(ConnectionAddress.Text(draft), out var url, out _) || !url.HasPath)
        {
            return draft;
        }

        try
        {
            using var root = clients.Create(draft);
            await root.PingAsync(cancellationToken).ConfigureAwait(false);
            return draft;
        }
        catch (RegistryException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // No API at the root: try under the URL's path.
        }
        catch (BerthException)
        {
            return draft;
        }

        var prefixed = draft with { Options = draft.Options with { ApiPath = url.Path } };
        try
        {
            using var client = clients.Create(prefixed);
            await client.PingAsync(cancellationToken).ConfigureAwait(false);
            return prefixed;
        }
        catch (BerthException)
        {
            return draft;
        }
    }
}
