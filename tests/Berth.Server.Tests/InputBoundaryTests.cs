using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>
/// Input that would end up in a URL Berth requests is validated at the API boundary: a 400 naming the field, and
/// no request leaves (a listener stands where the request would have gone and counts connections).
/// </summary>
public sealed class InputBoundaryTests
{
    /// <summary>A loopback port that counts the connections made to it and answers none.</summary>
    private sealed class CountingListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _accepted;

        public CountingListener()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref _accepted);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public void Dispose() => _listener.Stop();
    }

    public static TheoryData<string, string> BadBrowseQueries => new()
    {
        // query, the field the 400 names
        { "tags?repository=../../api/v2.0/users?q=", "repository" },
        { "tags?repository=" + Uri.EscapeDataString("../../api/v2.0/users?q="), "repository" },
        { "tags?repository=team/app/../../../v2/_catalog", "repository" },
        { "tags?repository=Team/App", "repository" },
        { "tags?repository=team/app:1.0", "repository" },
        { "tags?repository=", "repository" },
        { "manifest?repository=../../api/v2.0/users?q=&reference=1.0", "repository" },
        { "manifest?repository=team/app&reference=" + Uri.EscapeDataString("../../../api/v2.0/users"), "reference" },
        { "manifest?repository=team/app&reference=" + Uri.EscapeDataString("1.0/../../x"), "reference" },
        { "manifest?repository=team/app&reference=" + Uri.EscapeDataString("sha256:zz"), "reference" },
        { "manifest?repository=team/app&reference=" + Uri.EscapeDataString("1.0?x=1"), "reference" },
    };

    [Theory]
    [MemberData(nameof(BadBrowseQueries))]
    public async Task Browse_input_that_is_not_a_name_is_a_400_naming_the_field_and_no_request_leaves(string query, string field)
    {
        using var registry = new CountingListener();
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        using (var created = await admin.PostAsync("api/v1/registries?verify=false", new { name = "r", type = "generic", url = $"http://127.0.0.1:{registry.Port}" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await admin.GetAsync("api/v1/registries/r/" + query);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var problem = JsonNode.Parse(body)!;
        Assert.NotEmpty(problem["errors"]![field]![0]!.GetValue<string>());
        Assert.Equal(0, registry.Accepted);
    }

    [Fact]
    public async Task An_ecr_region_carrying_a_host_is_refused_with_the_same_field_message_by_the_cli_and_the_api()
    {
        // Finding 7: the region went verbatim into https://api.ecr.{region}.amazonaws.com/ and '@' moved the signed call.
        using var elsewhere = new CountingListener();
        var region = $"x@127.0.0.1:{elsewhere.Port}/#";
        await using var server = await ServerHarness.StartAsync();

        var cli = await BerthCli.RunAsync(server.DataDirectory, "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY",
            "connect", "ecr", "--name", "aws", "--url", "registry.example.com", "--access-key-id", "AKIAIOSFODNN7EXAMPLE",
            "--secret-access-key-stdin", "--region", region);

        using var admin = server.Client(server.AdminToken);
        using var response = await admin.PostAsync("api/v1/registries", new
        {
            name = "aws",
            type = "ecr",
            url = "registry.example.com",
            accessKeyId = "AKIAIOSFODNN7EXAMPLE",
            secretAccessKey = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY",
            region,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["region"]![0]!.GetValue<string>();
        Assert.Contains("is not an AWS region code", message, StringComparison.Ordinal);

        Assert.Equal(2, cli.ExitCode);
        Assert.Contains($"berth: region: {message}", cli.Stderr.Split('\n'));
        Assert.Equal(0, elsewhere.Accepted);
    }
}
