using System.Net;
using Berth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Berth.Cli.Tests.HostilePeers;

/// <summary>
/// A hostile registry points Berth at a cloud metadata address — through its token realm, a redirect, a next-page
/// link, a name that resolves there, or its own name rebound there after the connection was saved — and the CLI
/// refuses at connect time, naming the address, and no request (let alone the credential) reaches it.
/// Everything runs inside a network namespace holding only loopback: the registry listens on 127.0.0.1 and a trap
/// listens on 169.254.169.254 (an address on the namespace's lo), so no packet can leave even if the policy failed,
/// and the trap would see it.
/// </summary>
public sealed class AddressPolicyTests
{
    private const string Password = "s3cret-Pa55";
    private static readonly IPAddress Metadata = IPAddress.Parse("169.254.169.254");
    private static readonly IPEndPoint Registry = new(IPAddress.Loopback, 5000);

    private static async Task<(IsolatedNetwork Network, IsolatedWebServer Server)> StartAsync(Func<HttpContext, Task> registry,
        params (string Name, IPAddress Address)[] hosts)
    {
        var network = await IsolatedNetwork.StartAsync([Metadata], hosts);
        try
        {
            var server = await IsolatedWebServer.StartAsync(network, [Registry, new(Metadata, 80), new(Metadata, 5000)], app => app.Run(context =>
            {
                if (Equals(context.Connection.LocalIpAddress, Metadata))
                {
                    // The trap: a metadata service would hand out the instance's credentials here.
                    context.Response.StatusCode = 200;
                    return context.Response.WriteAsync("{\"AccessKeyId\":\"ASIA-TRAPPED\"}");
                }

                return registry(context);
            }));
            return (network, server);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private static Task<ProcessResult> Berth(IsolatedNetwork network, string dataDirectory, string? stdin, params string[] args) =>
        network.RunAsync(CliRunner.Executable, ["--data-dir", dataDirectory, .. args], stdin);

    private static void RefusedNamingTheAddress(ProcessResult result, params string[] words)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("169.254.169.254", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cloud metadata address", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", result.Stderr, StringComparison.OrdinalIgnoreCase);
        foreach (var word in words)
        {
            Assert.Contains(word, result.Stderr, StringComparison.Ordinal);
        }
    }

    private static void NothingReachedTheTrap(IsolatedWebServer server)
    {
        Assert.DoesNotContain(server.Requests, r => r.LocalAddress == Metadata.ToString());
        // The credential went nowhere but (at most) the registry itself.
        Assert.DoesNotContain(server.Requests, r => r.Authorization is not null && r.LocalAddress != "127.0.0.1");
    }

    private static Task Challenge(HttpContext context, string realm)
    {
        context.Response.StatusCode = 401;
        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\",service=\"hostile\"";
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_token_realm_at_the_metadata_address_gets_no_request_and_no_credential()
    {
        var (network, server) = await StartAsync(c => Challenge(c, "http://169.254.169.254/latest/api/token"));
        await using var _ = network;
        await using var __ = server;
        using var data = new TempDirectory("berth-cli");

        var result = await Berth(network, data.Path, Password, "tags", "127.0.0.1:5000/team/app", "--username", "alice", "--password-stdin");

        RefusedNamingTheAddress(result, "http://169.254.169.254/latest/api/token");
        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/v2/", StringComparison.Ordinal));
        NothingReachedTheTrap(server);
    }

    [Fact]
    public async Task A_token_realm_whose_name_resolves_to_the_metadata_address_is_refused_at_connect()
    {
        var (network, server) = await StartAsync(c => Challenge(c, "http://auth.hostile.test/token"), ("auth.hostile.test", Metadata));
        await using var _ = network;
        await using var __ = server;
        using var data = new TempDirectory("berth-cli");

        var result = await Berth(network, data.Path, Password, "tags", "127.0.0.1:5000/team/app", "--username", "alice", "--password-stdin");

        RefusedNamingTheAddress(result, "'auth.hostile.test' resolves to 169.254.169.254");
        NothingReachedTheTrap(server);
    }

    [Fact]
    public async Task A_redirect_to_the_metadata_address_is_refused()
    {
        var (network, server) = await StartAsync(context =>
        {
            if (context.Request.Path.StartsWithSegments("/v2/team/app/manifests"))
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
            }

            return Task.CompletedTask;
        });
        await using var _ = network;
        await using var __ = server;
        using var data = new TempDirectory("berth-cli");

        var result = await Berth(network, data.Path, null, "inspect", "127.0.0.1:5000/team/app:1.0");

        RefusedNamingTheAddress(result, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        NothingReachedTheTrap(server);
    }

    [Fact]
    public async Task A_next_page_link_to_the_metadata_address_in_ipv4_mapped_form_is_refused()
    {
        var (network, server) = await StartAsync(context =>
        {
            if (context.Request.Path == "/v2/team/app/tags/list")
            {
                context.Response.Headers.Link = "<http://[::ffff:169.254.169.254]/v2/team/app/tags/list?last=1.0>; rel=\"next\"";
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync("{\"name\":\"team/app\",\"tags\":[\"1.0\"]}");
            }

            return Task.CompletedTask;
        });
        await using var _ = network;
        await using var __ = server;
        using var data = new TempDirectory("berth-cli");

        var result = await Berth(network, data.Path, null, "tags", "127.0.0.1:5000/team/app");

        RefusedNamingTheAddress(result, "IPv4-mapped");
        NothingReachedTheTrap(server);
    }

    [Fact]
    public async Task A_saved_registry_whose_name_is_rebound_to_the_metadata_address_is_refused_at_connect()
    {
        var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("alice:" + Password));
        var (network, server) = await StartAsync(context =>
        {
            if (context.Request.Headers.Authorization != basic)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"hostile\"";
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            return context.Request.Path == "/v2/team/app/tags/list"
                ? context.Response.WriteAsync("{\"name\":\"team/app\",\"tags\":[\"1.0\"]}")
                : context.Response.WriteAsync("{}");
        }, ("rebind.test", IPAddress.Loopback));
        await using var _ = network;
        await using var __ = server;
        using var data = new TempDirectory("berth-cli");

        // Checked at create: rebind.test is 127.0.0.1, so the connection is verified and saved.
        var connect = await Berth(network, data.Path, Password, "connect", "generic", "--name", "r", "--url", "http://rebind.test:5000",
            "--username", "alice", "--password-stdin", "--repositories", "team/app");
        Assert.True(connect.ExitCode == 0, connect.Stdout + connect.Stderr);
        Assert.Contains(server.Requests, r => r.Authorization == basic);

        // Later the name answers with the metadata address: the check at connect time catches what the check at create could not.
        network.SetHosts(("rebind.test", Metadata));
        var tags = await Berth(network, data.Path, null, "tags", "rebind.test:5000/team/app");
        RefusedNamingTheAddress(tags, "'rebind.test' resolves to 169.254.169.254");

        var verify = await Berth(network, data.Path, null, "registries", "verify", "r");
        Assert.Contains("'rebind.test' resolves to 169.254.169.254, a cloud metadata address", verify.Stdout + verify.Stderr, StringComparison.Ordinal);
        NothingReachedTheTrap(server);
    }
}
