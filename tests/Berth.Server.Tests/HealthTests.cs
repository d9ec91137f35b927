using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Server.Tests;

/// <summary>Probes for an orchestrator and the OpenAPI document built once per process.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_without_a_token()
    {
        await using var server = await ServerHarness.StartAsync();
        using var anonymous = server.Client(null);
        using var alive = await anonymous.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
        using var ready = await anonymous.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_fails_when_the_job_scheduler_is_not_running()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { BackgroundJobs = true, BackgroundInterval = TimeSpan.FromHours(1) });
        using var anonymous = server.Client(null);
        using var ready = await anonymous.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var scheduler = await server.Server.App.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(CancellationToken.None);
        await scheduler.Standby(CancellationToken.None);
        using var stopped = await anonymous.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
        Assert.Equal("Unhealthy", await stopped.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_is_built_once_and_then_served_from_memory()
    {
        await using var server = await ServerHarness.StartAsync();
        using var anonymous = server.Client(null);
        using var first = await anonymous.GetAsync("openapi/v1.json");
        using var second = await anonymous.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
    }
}
