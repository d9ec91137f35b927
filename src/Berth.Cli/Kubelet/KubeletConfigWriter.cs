using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Cli.Kubelet;

/// <summary>
/// Builds the kubelet's <c>CredentialProviderConfig</c> for Berth and prints it as YAML (the form the Kubernetes
/// documentation shows; every string double-quoted, which YAML reads as JSON strings) or JSON.
/// </summary>
internal static class KubeletConfigWriter
{
    public const string ConfigApiVersion = "kubelet.config.k8s.io/v1";
    public const string DefaultCacheDuration = "5m";

    /// <summary>
    /// One provider named after the executable the kubelet runs from its bin dir, matching every served address;
    /// Docker Hub as <c>docker.io</c> (the kubelet names Hub images that way). BERTH_HOME tells the plugin where the
    /// store or the saved login is, since the kubelet's own HOME is not the user's.
    /// </summary>
    public static CredentialProviderConfig Build(IReadOnlyList<string> served, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(served);
        var images = served.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new CredentialProviderConfig(ConfigApiVersion, "CredentialProviderConfig",
        [
            new KubeletProvider(KubeletCredentialProvider.ProgramName, images, DefaultCacheDuration, KubeletCredentialProvider.RequestApiVersion,
                [new KubeletEnvVar(Connections.DataDirectory.EnvironmentVariable, dataDirectory)]),
        ]);
    }

    public static string Yaml(CredentialProviderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: ").AppendLine(Quote(config.ApiVersion));
        yaml.Append("kind: ").AppendLine(Quote(config.Kind));
        yaml.AppendLine("providers:");
        foreach (var provider in config.Providers)
        {
            yaml.Append("  - name: ").AppendLine(Quote(provider.Name));
            yaml.Append("    apiVersion: ").AppendLine(Quote(provider.ApiVersion));
            yaml.Append("    defaultCacheDuration: ").AppendLine(Quote(provider.DefaultCacheDuration));
            yaml.Append("    matchImages:").AppendLine(provider.MatchImages.Count == 0 ? " []" : "");
            foreach (var image in provider.MatchImages)
            {
                yaml.Append("      - ").AppendLine(Quote(image));
            }

            if (provider.Env is { Count: > 0 } env)
            {
                yaml.AppendLine("    env:");
                foreach (var variable in env)
                {
                    yaml.Append("      - name: ").AppendLine(Quote(variable.Name));
                    yaml.Append("        value: ").AppendLine(Quote(variable.Value));
                }
            }
        }

        return yaml.ToString();
    }

    private static string Quote(string value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
