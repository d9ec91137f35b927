using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Kube;

/// <summary>
/// Reads a kubeconfig (<c>kind: Config</c>, as <c>kubectl config view --raw</c> shows it) through YamlDotNet's
/// representation model (AOT-safe): the named or current context, its cluster (<c>server</c>,
/// <c>certificate-authority-data</c> or <c>certificate-authority</c>, <c>insecure-skip-tls-verify</c>) and its user
/// (<c>token</c> or <c>tokenFile</c>, or <c>client-certificate[-data]</c> with <c>client-key[-data]</c>). Relative
/// file paths are relative to the kubeconfig, as kubectl resolves them. Exec and auth-provider plugins are refused
/// with a clear message. Errors never quote a credential.
/// </summary>
internal static class KubeConfigReader
{
    private const long MaxBytes = 4 * 1024 * 1024;

    public static KubeConfigContext Read(string path, string? contextName)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"kubeconfig '{path}' does not exist (give one with --kubeconfig FILE)");
        }

        if (info.Length > MaxBytes)
        {
            throw new UsageException($"kubeconfig '{path}' is larger than {MaxBytes / (1024 * 1024)} MiB; is it the right file?");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new UsageException($"kubeconfig '{path}' is not valid YAML (line {e.Start.Line}, column {e.Start.Column})");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UsageException($"kubeconfig '{path}' holds no configuration");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var name = contextName ?? Text(root, "current-context")
            ?? throw new UsageException($"kubeconfig '{path}' has no current-context; name one with --context");
        var context = Named(root, "contexts", name, "context", path);
        var clusterName = Text(context, "cluster") ?? throw new UsageException($"kubeconfig '{path}': context '{name}' names no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster", path);
        var userName = Text(context, "user");
        var user = userName is null ? new YamlMappingNode() : Named(root, "users", userName, "user", path);

        var serverText = Text(cluster, "server");
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw new UsageException($"kubeconfig '{path}': cluster '{clusterName}' has no https:// server URL");
        }

        if (user.Children.ContainsKey("exec") || user.Children.ContainsKey("auth-provider"))
        {
            throw new UsageException($"kubeconfig '{path}': user '{userName}' authenticates through an exec or auth-provider plugin, which berth does not run; give a kubeconfig with a service-account token or a client certificate");
        }

        var token = Text(user, "token") ?? ReadFile(directory, Text(user, "tokenFile"), path)?.Trim();
        return new KubeConfigContext(
            name,
            server,
            Data(cluster, "certificate-authority-data", "certificate-authority", directory, path),
            string.Equals(Text(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            string.IsNullOrEmpty(token) ? null : token,
            Data(user, "client-certificate-data", "client-certificate", directory, path),
            Data(user, "client-key-data", "client-key", directory, path));
    }

    private static YamlMappingNode Named(YamlMappingNode root, string list, string name, string field, string path)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(list), out var items) && items is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.OfType<YamlMappingNode>())
            {
                if (Text(item, "name") == name)
                {
                    return item.Children.TryGetValue(new YamlScalarNode(field), out var value) && value is YamlMappingNode mapping
                        ? mapping
                        : new YamlMappingNode();
                }
            }
        }

        throw new UsageException($"kubeconfig '{path}' has no {field} named '{name}'");
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    private static string? Data(YamlMappingNode node, string dataKey, string fileKey, string directory, string path)
    {
        if (Text(node, dataKey) is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw new UsageException($"kubeconfig '{path}': {dataKey} is not base64");
            }
        }

        return ReadFile(directory, Text(node, fileKey), path);
    }

    private static string? ReadFile(string directory, string? file, string path)
    {
        if (file is null)
        {
            return null;
        }

        var full = Path.IsPathRooted(file) ? file : Path.Combine(directory, file);
        return File.Exists(full) && new FileInfo(full).Length <= MaxBytes
            ? File.ReadAllText(full)
            : throw new UsageException($"kubeconfig '{path}' names the file '{full}', which does not exist");
    }
}
