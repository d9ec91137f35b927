using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Berth.Testing.Kubernetes;

/// <summary>Debian kubectl, client side only: what <c>kubectl create secret docker-registry</c> would send for the same inputs.</summary>
public static class Kubectl
{
    public static async Task<JsonObject> DockerRegistrySecretAsync(string name, string ns, string server, string username, string password)
    {
        var info = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "create", "secret", "docker-registry", name, "--namespace", ns, "--docker-server", server, "--docker-username", username, "--docker-password", password, "--dry-run=client", "-o", "json" })
        {
            info.ArgumentList.Add(argument);
        }

        // A client-side dry run needs no cluster; point KUBECONFIG at nothing so no user's config is read.
        info.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await stderr);
        return (JsonObject)JsonNode.Parse(await stdout)!;
    }

    /// <summary>The decoded <c>.dockerconfigjson</c> of a Secret object.</summary>
    public static JsonObject DockerConfigJson(JsonObject secret) =>
        (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![".dockerconfigjson"]!.GetValue<string>())))!;
}
