using Berth.Cli.Registry;
using Berth.Distribution;
using Berth.References;
using Berth.Transfer;

namespace Berth.Cli.Commands;

/// <summary>The opened source and target of a transfer and everything they own (clients, staging files).</summary>
internal sealed class TransferEndpoints : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private RegistryAccessSet? _access;

    private TransferEndpoints()
    {
    }

    public IImageSource Source { get; private set; } = null!;

    public IImageTarget Target { get; private set; } = null!;

    /// <param name="ctx">The command.</param>
    /// <param name="from">The source.</param>
    /// <param name="to">The target.</param>
    /// <param name="dryRun">Nothing is to be written: a docker-archive source stages no compressed layers.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<TransferEndpoints> OpenAsync(CommandContext ctx, TransferLocation from, TransferLocation to, bool dryRun, CancellationToken ct)
    {
        var endpoints = new TransferEndpoints();
        try
        {
            // One client per registry host (same flags for both), so a same-registry copy can mount blobs.
            // Each image gets the client of the connection that serves it; images served alike share
            // one client, so a same-registry copy can mount blobs.
            var images = new[] { from, to }.Where(l => l.Kind == TransferLocationKind.Registry).Select(l => l.Image!).ToList();
            if (images.Count > 0)
            {
                endpoints._access = await RegistryAccess.ForImagesAsync(ctx, images, ct).ConfigureAwait(false);
            }

            // The connection's probe says what the registry does not do (ECR: no mounts), so the copy does not ask.
            RegistryImageEndpoint EndpointFor(ImageReference image)
            {
                var scope = endpoints._access![images.IndexOf(image)];
                return RegistryImageEndpoint.For(scope.Client, image, scope.Hints);
            }

            endpoints.Source = from.Kind switch
            {
                TransferLocationKind.Registry => EndpointFor(from.Image!),
                TransferLocationKind.OciLayout => endpoints.Own(new OciLayoutEndpoint(from.Path!, from.Reference)),
                _ => endpoints.Own(new DockerArchiveSource(from.Path!, from.Reference, stage: !dryRun)),
            };
            endpoints.Target = to.Kind switch
            {
                TransferLocationKind.Registry => EndpointFor(to.Image!),
                TransferLocationKind.OciLayout => endpoints.Own(new OciLayoutEndpoint(to.Path!, to.Reference)),
                _ => endpoints.Own(new DockerArchiveTarget(to.Path!, ArchiveName(from, to))),
            };
            return endpoints;
        }
        catch
        {
            await endpoints.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The RepoTags name of an exported archive: the one given, else the source registry reference
    /// (as <c>docker save IMAGE</c> records it).
    /// </summary>
    private static ImageReference? ArchiveName(TransferLocation from, TransferLocation to)
    {
        if (to.Reference is { } given)
        {
            return ImageReference.TryParse(given, out var parsed, out var error)
                ? parsed
                : throw new UsageException($"docker-archive:{to.Path}:{given}: the name must be an image reference: {error}");
        }

        return from.Kind == TransferLocationKind.Registry && from.Image!.Tag is not null ? from.Image : null;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
        if (_access is not null)
        {
            await _access.DisposeAsync().ConfigureAwait(false);
            _access = null;
        }
    }
}
