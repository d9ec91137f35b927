using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Tokens;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>Copy jobs between two connected real registries: started, followed to completion, digests equal.</summary>
public sealed class CopyApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_member_copies_an_image_between_connected_registries()
    {
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries",
            new { name = "source", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries", new { name = "mirror", type = "generic", url = $"http://127.0.0.1:{mirror.Port}" })).StatusCode);
        using var member = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Member));

        var source = $"127.0.0.1:{registry.Registry.Port}/team/app:1.0";
        var target = $"127.0.0.1:{mirror.Port}/copied/app:1.0";
        using var started = await member.PostAsJsonAsync("api/v1/copies", new { source, target });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await Json.ReadAsync(started);
        var id = job.GetProperty("id").GetGuid();
        Assert.Equal(started.Headers.Location!.ToString(), $"/api/v1/copies/{id:D}");

        JsonElement status = default;
        for (var i = 0; i < 120; i++)
        {
            status = await Json.ReadAsync(await member.GetAsync($"api/v1/copies/{id}"));
            if (status.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(status.GetProperty("status").GetString() == "succeeded", status.ToString());
        Assert.Equal(registry.Digest10, status.GetProperty("digest").GetString());
        Assert.Equal(3, status.GetProperty("blobsCopied").GetInt32()); // config + two layers
        Assert.Equal(registry.Image10.Config!.Size + registry.Image10.Layers.Sum(l => l.Size), status.GetProperty("bytesTransferred").GetInt64());

        var copied = await Json.ReadAsync(await member.GetAsync("api/v1/registries/mirror/manifest?repository=copied/app&reference=1.0"));
        Assert.Equal(registry.Digest10, copied.GetProperty("digest").GetString());

        // Another organization cannot see the job; unknown registries are refused before anything runs.
        using var other = server.Client(await server.CreateTokenAsync("org-b", ApiTokenRole.Admin));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"api/v1/copies/{id}")).StatusCode);
        using var refused = await member.PostAsJsonAsync("api/v1/copies", new { source = "docker.io/library/nginx:1", target });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("connect it first", (await Json.ReadAsync(refused)).GetProperty("errors").GetProperty("source")[0].GetString());
        using var ci = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Ci, "source"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.PostAsJsonAsync("api/v1/copies", new { source, target })).StatusCode);
    }
}
