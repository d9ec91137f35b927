using Berth.Connections.Providers;
using Berth.References;

namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>The referrers of <c>repository:reference</c> (a tag or digest) on the connection's registry, recursively.</summary>
    public async Task<ReferrerReport> ListReferrersAsync(Actor actor, string name, string repository, string reference, string? artifactType, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(actor, name, cancellationToken).ConfigureAwait(false);
        repository = CheckRepository(connection, repository);
        var image = ImageReference.TryParse($"{ConnectionAddress.Of(connection).Host.Name}/{repository}{Separator(reference)}{reference?.Trim()}", out var parsed, out var error)
            ? parsed
            : throw new ConnectionValidationException(connection.Type, [new ValidationError("digest", $"'{reference}' is neither a tag nor a digest: {error}")]);
        using var client = clients.Create(connection);
        // The capability probe's answer decides API or fallback tag; a connection never probed tries the API first.
        var referrersApi = (await CapabilitiesAsync(connection, cancellationToken).ConfigureAwait(false))?.Referrers;
        return await WithinBrowseTimeAsync(connection, $"listing the referrers of {repository}{Separator(reference)}{reference?.Trim()}",
            ct => ReferrerInspector.ListAsync(client, image.Name, image.Repository, image.Reference, artifactType, referrersApi, ct), cancellationToken).ConfigureAwait(false);
    }
}
