using Berth.Auth;
using Berth.Connections;
using Berth.Connections.Jobs;
using Berth.Connections.Providers;
using Berth.Connections.PullSecrets;
using Berth.Connections.Replication;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.Tokens;
using Berth.Errors;
using Berth.Server.Api;
using Berth.Server.Auth;
using Berth.Server.Background;
using Berth.Server.Dashboard;
using Berth.Server.Errors;
using Berth.Server.Hosting;
using Berth.Server.Limits;
using Microsoft.AspNetCore.RateLimiting;
using Berth.Server.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Scalar.AspNetCore;

namespace Berth.Server;

/// <summary>Builds and runs the Berth server: REST API (OpenAPI), dashboard and background jobs over the shared store.</summary>
public static class BerthServer
{
    private const string OpenApiCache = "openapi";

    /// <summary>Runs until Ctrl+C / SIGTERM; returns the process exit code.</summary>
    public static async Task<int> RunAsync(BerthServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RunningServer server;
        try
        {
            server = await StartAsync(options, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BerthException or System.Data.Common.DbException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("berth-server: " + e.Message).ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            await Console.Out.WriteLineAsync($"berth: serving the API at {server.BaseUri}api/v1, its reference at {server.BaseUri}docs and the dashboard at {server.BaseUri} (Ctrl+C stops)").ConfigureAwait(false);
            await server.App.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Opens the store (migrating it), bootstraps a first run, and starts listening.</summary>
    public static async Task<RunningServer> StartAsync(BerthServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataDirectory = options.DataDirectory ?? DataDirectory.Resolve(null);
        options = options with { DataDirectory = dataDirectory };
        DataDirectory.Ensure(dataDirectory);
        var stores = await OpenStoresAsync(options, dataDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            await Bootstrap.RunAsync(stores, options.BootstrapOutput ?? Console.Out, cancellationToken).ConfigureAwait(false);
            var app = Build(options, stores, dataDirectory);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? options.Urls.Split(';')[0];
            return new RunningServer(app, new Uri(address.TrimEnd('/') + "/"), stores, app.Services.GetRequiredService<JobRunLog>());
        }
        catch
        {
            await stores.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<ServerStores> OpenStoresAsync(BerthServerOptions options, string dataDirectory, CancellationToken ct)
    {
        var protector = AesGcmSecretProtector.Load(dataDirectory);
        var connections = await StoreFactory.OpenAsync(options.Database, dataDirectory, protector, ct).ConfigureAwait(false);
        try
        {
            var tokens = await TokenStoreFactory.OpenCachedAsync(options.Database, dataDirectory, null, options.TokenCacheLifetime, ct).ConfigureAwait(false);
            var jobs = await JobStoreFactory.OpenAsync(options.Database, dataDirectory, null, ct).ConfigureAwait(false);
            var pullSecrets = await PullSecretStoreFactory.OpenAsync(options.Database, dataDirectory, protector, null, ct).ConfigureAwait(false);
            var replications = await ReplicationStoreFactory.OpenAsync(options.Database, dataDirectory, ct).ConfigureAwait(false);
            var copyJobs = await Connections.Copies.CopyJobStoreFactory.OpenAsync(options.Database, dataDirectory, ct).ConfigureAwait(false);
            return new ServerStores(connections, tokens, jobs, replications, copyJobs) { PullSecrets = pullSecrets };
        }
        catch
        {
            await connections.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static WebApplication Build(BerthServerOptions options, ServerStores stores, string dataDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Berth", LogLevel.Information);
        // Keys sit in the owner-only data directory, like the master key; the "unencrypted at rest" warning is expected.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.AddBerthTelemetry(options);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(stores);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ITokenCache, MemoryTokenCache>();
        // The address policy always applies on a server: only its tests may allow link-local addresses.
        services.AddSingleton((options.ProviderContext ?? ProviderContext.Default) with
        {
            Addresses = options.AllowLinkLocalRegistries ? Berth.Transport.AddressPolicy.AllowingLinkLocal : Berth.Transport.AddressPolicy.Default,
        });
        services.AddConnectionUseCases(options);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        services.AddSingleton<Api.ListAnswerCache>();
        services.AddSingleton<Copies.CopyJobs>();
        services.AddSingleton<Copies.CopyJobRunner>();
        services.AddSingleton<JobRunLog>();
        services.AddHostedService<TokenCacheListener>();
        services.AddHostedService<ConnectionsChangeListener>();
        services.AddBerthJobs(options, DatabaseTarget.Resolve(options.Database, dataDirectory));

        services.AddProblemDetails();
        services.AddBerthHealth();
        // The OpenAPI document never changes while the process runs: built on the first request, then served from memory.
        services.AddOutputCache(o => o.AddPolicy(OpenApiCache, b => b.Expire(TimeSpan.FromDays(365))));
        services.AddExceptionHandler<BerthExceptionHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Berth API";
            document.Info.Description = "Connect private container registries once; browse, resolve, export credentials. Authenticate with 'Authorization: Bearer <API token>'.";
            return Task.CompletedTask;
        }));

        // Cookie encryption keys beside the database (owner-only, like the master key), so every replica sharing the
        // data directory reads each other's sessions.
        var keys = Path.Combine(dataDirectory, "dataprotection-keys");
        DataDirectory.Ensure(keys);
        services.AddDataProtection()
            .SetApplicationName("berth")
            .PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.AddAuthentication(BerthClaims.ApiScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(BerthClaims.ApiScheme, null)
            .AddCookie(BerthClaims.CookieScheme, o =>
            {
                o.Cookie.Name = "berth_session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/forbidden";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = DashboardSession.ValidateAsync;
                o.Events.OnRedirectToAccessDenied = context => DashboardEndpoints.AccessDeniedAsync(context.HttpContext);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(BerthClaims.AdminPolicy, p => p.AddAuthenticationSchemes(BerthClaims.ApiScheme).RequireClaim(BerthClaims.Role, "admin"))
            .AddPolicy(BerthClaims.MemberPolicy, p => p.AddAuthenticationSchemes(BerthClaims.ApiScheme).RequireClaim(BerthClaims.Role, "admin", "member"))
            .AddPolicy(BerthClaims.AnyRolePolicy, p => p.AddAuthenticationSchemes(BerthClaims.ApiScheme).RequireAuthenticatedUser())
            .AddPolicy(BerthClaims.DashboardPolicy, p => p.AddAuthenticationSchemes(BerthClaims.CookieScheme).RequireClaim(BerthClaims.Role, "admin", "member"))
            .AddPolicy(BerthClaims.DashboardAdminPolicy, p => p.AddAuthenticationSchemes(BerthClaims.CookieScheme).RequireClaim(BerthClaims.Role, "admin"));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "berth_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "__csrf";
        });

        // The dashboard's pages are Razor components rendered on the server (no interactivity, no circuit).
        services.AddRazorComponents();

        services.AddSingleton<RequestLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RequestLimits>((o, limits) =>
        {
            o.GlobalLimiter = limits.Limiter;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = limits.RejectAsync;
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOutputCache();
        app.UseAuthentication();
        // After authentication: the limits depend on whether (and with which token) the caller authenticated.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseDashboardFormErrors();

        var api = app.MapGroup("/api/v1");
        var registries = api.MapRegistries();
        registries.MapBrowse();
        api.MapCredentials(registries);
        api.MapAdmin();
        api.MapPullSecretTargets();
        api.MapCopies();
        api.MapReplications();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().CacheOutput(OpenApiCache);
        app.MapBerthHealth();
        app.MapBerthMetrics(options);
        app.MapScalarApiReference("/docs", o => o.WithTitle("Berth API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapDashboard();
        return app;
    }
}
