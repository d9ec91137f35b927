using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Tokens;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>A real Berth server on 127.0.0.1 (random port) over a fresh data directory, with its bootstrap admin token.</summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private readonly TempDirectory? _ownDirectory;

    private ServerHarness(RunningServer server, string bootstrapOutput, string dataDirectory, TempDirectory? ownDirectory)
    {
        Server = server;
        BootstrapOutput = bootstrapOutput;
        DataDirectory = dataDirectory;
        _ownDirectory = ownDirectory;
        AdminToken = TokenIn(bootstrapOutput);
    }

    public RunningServer Server { get; }

    public string BootstrapOutput { get; }

    public string DataDirectory { get; }

    /// <summary>The bootstrap token, or null when this start printed none.</summary>
    public string? AdminToken { get; }

    public Uri BaseUri => Server.BaseUri;

    public static async Task<ServerHarness> StartAsync(Func<BerthServerOptions, BerthServerOptions>? configure = null, string? dataDirectory = null, string? database = null)
    {
        var own = dataDirectory is null ? new TempDirectory("berth-server") : null;
        var output = new StringWriter();
        var options = new BerthServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = dataDirectory ?? own!.Path,
            Database = database,
            BootstrapOutput = output,
            BackgroundJobs = false,
            AllowLinkLocalRegistries = false,
        };
        options = configure?.Invoke(options) ?? options;
        try
        {
            var server = await BerthServer.StartAsync(options, CancellationToken.None);
            return new ServerHarness(server, output.ToString(), options.DataDirectory!, own);
        }
        catch
        {
            own?.Dispose();
            throw;
        }
    }

    public static string? TokenIn(string text) =>
        System.Text.RegularExpressions.Regex.Match(text, @"berth_[A-Za-z0-9_-]{43}") is { Success: true } m ? m.Value : null;

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates a token in another (or the same) organization straight in the store, as 'berth tokens create' does.</summary>
    public async Task<string> CreateTokenAsync(string organization, ApiTokenRole role, params string[] connections)
    {
        var org = await Server.Stores.Connections.EnsureOrganizationAsync(organization, CancellationToken.None);
        var issued = await Server.Stores.Tokens.CreateAsync(org.Id, role, connections, "test", CancellationToken.None);
        return issued.Secret;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _ownDirectory?.Dispose();
    }
}

/// <summary>Helpers for JSON bodies in tests.</summary>
public static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);
}
