using Berth.Server.Background;
using Berth.Server.Hosting;

namespace Berth.Server;

/// <summary>A started server: where it listens and what it holds, stopped by disposing.</summary>
public sealed class RunningServer(WebApplication app, Uri baseUri, ServerStores stores, JobRunLog jobRuns) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    /// <summary>The first address it listens on, e.g. http://127.0.0.1:8080/.</summary>
    public Uri BaseUri { get; } = baseUri;

    public ServerStores Stores { get; } = stores;

    public JobRunLog JobRuns { get; } = jobRuns;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
