using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Testing;

/// <summary>Builds and starts a quiet Kestrel app bound to 127.0.0.1 on a port the OS picks.</summary>
internal static class LoopbackWebServer
{
    public static WebApplicationBuilder CreateBuilder(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Berth.Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        return builder;
    }

    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.First();
        // Kestrel reports the bound address; normalise to a trailing-slash base URI.
        return new Uri(address.TrimEnd('/') + "/");
    }
}
