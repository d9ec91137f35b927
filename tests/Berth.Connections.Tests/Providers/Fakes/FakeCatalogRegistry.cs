using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Connections.Tests.Providers.Fakes;

/// <summary>A minimal open registry serving <c>/v2/</c> and a two-page <c>/v2/_catalog</c> with a Link header.</summary>
public sealed class FakeCatalogRegistry : IAsyncDisposable
{
    private readonly FakeServer _server;

    private FakeCatalogRegistry(FakeServer server) => _server = server;

    public string Url => "http://" + _server.Authority;

    public static async Task<FakeCatalogRegistry> StartAsync(string[] repositories)
    {
        var server = await FakeServer.StartAsync(app =>
        {
            app.MapGet("/v2/", () => Results.Json(new Dictionary<string, string>()));
            app.MapGet("/v2/_catalog", async (HttpContext c) =>
            {
                var last = c.Request.Query["last"].ToString();
                var rest = repositories.Order(StringComparer.Ordinal).Where(r => string.CompareOrdinal(r, last) > 0).ToArray();
                var page = rest.Take(2).ToArray();
                if (rest.Length > 2)
                {
                    c.Response.Headers.Link = $"</v2/_catalog?last={Uri.EscapeDataString(page[^1])}&n=2>; rel=\"next\"";
                }

                c.Response.ContentType = "application/json";
                await c.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["repositories"] = page }));
            });
        });
        return new FakeCatalogRegistry(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
