namespace Berth.Server.Dashboard;

/// <summary>The dashboard's CSS and JS, embedded in the assembly (no CDN, no internet needed).</summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = Load();

    public static void MapStaticAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/static/{file}", (string file, HttpContext context) =>
        {
            if (!Files.TryGetValue(file, out var asset))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=300";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Content, asset.Type);
        }).ExcludeFromDescription().AllowAnonymous();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var file = name["wwwroot/".Length..];
            var type = Path.GetExtension(file) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            files[file] = (buffer.ToArray(), type);
        }

        return files;
    }
}
