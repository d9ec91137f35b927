using System.Diagnostics.Metrics;
using System.Net;
using Berth.Diagnostics;
using Berth.Transport;

namespace Berth.Core.Tests.Diagnostics;

/// <summary>The transport's metrics handler: counts per connection, and a registry's announced rate-limit budget.</summary>
public sealed class MetricsHandlerTests
{
    [Theory]
    [InlineData("76;w=21600", 76L)]
    [InlineData(" 0 ", 0L)]
    [InlineData("100", 100L)]
    [InlineData("-3", null)]
    [InlineData("lots", null)]
    [InlineData(null, null)]
    public void RateLimit_remaining_is_read_from_its_leading_count(string? header, long? expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        if (header is not null)
        {
            response.Headers.TryAddWithoutValidation("RateLimit-Remaining", header);
        }

        Assert.Equal(expected, MetricsHandler.Remaining(response));
    }

    [Fact]
    public async Task Requests_are_counted_per_connection_and_the_announced_budget_is_observed()
    {
        var connection = "hub-" + Guid.NewGuid().ToString("N")[..8];
        var counted = new List<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BerthMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(map.GetValueOrDefault("connection"), connection))
            {
                lock (counted)
                {
                    counted.Add((instrument.Name, value, map));
                }
            }
        });
        listener.Start();

        using var invoker = new HttpMessageInvoker(new MetricsHandler(connection, MetricsHandler.RegistryPeer) { InnerHandler = new Answer() });
        using (var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9/v2/library/nginx/manifests/latest"), CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        listener.RecordObservableInstruments();
        lock (counted)
        {
            var request = Assert.Single(counted, c => c.Name == "berth.registry.requests");
            Assert.Equal("2xx", request.Tags["status_class"]);
            Assert.Equal("GET", request.Tags["method"]);
            Assert.Equal(42L, Assert.Single(counted, c => c.Name == "berth.registry.rate_limit.remaining").Value);
        }
    }

    private sealed class Answer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
            response.Headers.TryAddWithoutValidation("RateLimit-Limit", "100;w=21600");
            response.Headers.TryAddWithoutValidation("RateLimit-Remaining", "42;w=21600");
            return Task.FromResult(response);
        }
    }
}
