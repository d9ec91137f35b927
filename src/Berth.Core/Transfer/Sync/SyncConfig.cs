using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Transfer.Sync;

/// <summary>
/// The YAML source file of <c>skopeo sync --src yaml</c>, read with YamlDotNet's representation model
/// (no reflection, so it stays AOT- and trim-safe):
/// <code>
/// registry.example.com:
///   images:
///     busybox: []                 # every tag
///     redis: ["1.0", "2.0", "sha256:…"]
///   images-by-tag-regex:
///     nginx: ^1\.13\.[12]-alpine-perl$
///   images-by-semver:
///     alpine: "&gt;= 3.12.0"
///   credentials: { username: john, password: secret }   # optional: saved connections resolve
///   tls-verify: true
///   cert-dir: /home/john/certs
/// </code>
/// </summary>
public sealed record SyncConfig(IReadOnlyList<SyncConfigRegistry> Registries)
{
    private static readonly string[] RegistryKeys = ["images", "images-by-tag-regex", "images-by-semver", "credentials", "tls-verify", "cert-dir"];

    public static async Task<SyncConfig> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncConfigException($"{path}: cannot read the sync config: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <param name="yaml">The file's text.</param>
    /// <param name="source">The file name, for messages.</param>
    public static SyncConfig Parse(string yaml, string source = "sync config")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new SyncConfigException($"{source}: line {ex.Start.Line}, column {ex.Start.Column}: not valid YAML: {Reason(ex)}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new SyncConfigException($"{source}: the file is empty; write one registry per top-level key, each with 'images', 'images-by-tag-regex' or 'images-by-semver'");
        }

        if (stream.Documents.Count > 1)
        {
            throw new SyncConfigException($"{source}: holds {stream.Documents.Count} YAML documents; write one");
        }

        var root = Mapping(source, stream.Documents[0].RootNode, "the file", "a mapping of registry names");
        var registries = new List<SyncConfigRegistry>();
        foreach (var (keyNode, value) in root.Children)
        {
            var registry = Scalar(source, keyNode, "a registry name");
            registries.Add(ReadRegistry(source, registry, keyNode, value));
        }

        return new SyncConfig(registries);
    }

    private static SyncConfigRegistry ReadRegistry(string source, string registry, YamlNode keyNode, YamlNode node)
    {
        if (registry.Contains("://", StringComparison.Ordinal))
        {
            throw Error(source, keyNode, $"registry '{registry}' must be host[:port] without a scheme (use tls-verify: false for plain http)");
        }

        var map = Mapping(source, node, $"registry '{registry}'", "a mapping with images, images-by-tag-regex, images-by-semver, credentials, tls-verify or cert-dir");
        var entries = new List<SyncConfigEntry>();
        bool? tlsVerify = null;
        string? certDir = null;
        SyncConfigCredentials? credentials = null;
        foreach (var (k, value) in map.Children)
        {
            var key = Scalar(source, k, "a key");
            switch (key)
            {
                case "images":
                    foreach (var (repoNode, tags) in Mapping(source, value, $"{registry} images", "a mapping of repository: [tags]").Children)
                    {
                        var repo = Repository(source, repoNode);
                        IReadOnlyList<string>? references = tags switch
                        {
                            YamlScalarNode { Value: null or "" } => null,
                            YamlSequenceNode { Children.Count: 0 } => null,
                            YamlSequenceNode seq => [.. seq.Children.Select(t => Scalar(source, t, "a tag or digest"))],
                            _ => throw Error(source, tags, $"the tags of {registry}/{repo} must be a list such as [\"1.0\", \"2.0\"], or [] for every tag"),
                        };
                        entries.Add(new SyncConfigEntry(repo, references, TagFilter.All));
                    }

                    break;
                case "images-by-tag-regex":
                    foreach (var (repoNode, regexNode) in Mapping(source, value, $"{registry} images-by-tag-regex", "a mapping of repository: regex").Children)
                    {
                        var repo = Repository(source, repoNode);
                        var regex = Scalar(source, regexNode, $"a regular expression for {registry}/{repo}");
                        entries.Add(new SyncConfigEntry(repo, null, Filter(source, regexNode, () => new TagFilter(regex))));
                    }

                    break;
                case "images-by-semver":
                    foreach (var (repoNode, rangeNode) in Mapping(source, value, $"{registry} images-by-semver", "a mapping of repository: range").Children)
                    {
                        var repo = Repository(source, repoNode);
                        var range = Scalar(source, rangeNode, $"a semver range for {registry}/{repo}");
                        entries.Add(new SyncConfigEntry(repo, null, Filter(source, rangeNode, () => new TagFilter(versions: SemanticVersionRange.Parse(range)))));
                    }

                    break;
                case "tls-verify":
                    tlsVerify = Scalar(source, value, "true or false") switch
                    {
                        "true" or "True" or "TRUE" or "yes" => true,
                        "false" or "False" or "FALSE" or "no" => false,
                        var other => throw Error(source, value, $"tls-verify of {registry} must be true or false, not '{other}'"),
                    };
                    break;
                case "cert-dir":
                    certDir = Scalar(source, value, "a directory");
                    break;
                case "credentials":
                    credentials = Credentials(source, registry, value);
                    break;
                default:
                    throw Error(source, k, $"unknown key '{key}' under {registry}; expected one of {string.Join(", ", RegistryKeys)}");
            }
        }

        if (entries.Count == 0)
        {
            throw Error(source, keyNode, $"registry '{registry}' lists no repositories; add images, images-by-tag-regex or images-by-semver");
        }

        return new SyncConfigRegistry(registry, entries, tlsVerify, certDir, credentials);
    }

    private static SyncConfigCredentials Credentials(string source, string registry, YamlNode node)
    {
        string? username = null;
        string? password = null;
        foreach (var (k, value) in Mapping(source, node, $"{registry} credentials", "a mapping with username and password").Children)
        {
            switch (Scalar(source, k, "a key"))
            {
                case "username":
                    username = Scalar(source, value, "a username");
                    break;
                case "password":
                    // Never echo the value: a malformed password still must not reach a message.
                    password = value is YamlScalarNode { Value: { } p } ? p : throw Error(source, value, $"the password of {registry} must be a plain string");
                    break;
                case var other:
                    throw Error(source, k, $"unknown key '{other}' under {registry} credentials; expected username and password");
            }
        }

        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            throw Error(source, node, $"credentials of {registry} need both username and password");
        }

        return new SyncConfigCredentials(username, password);
    }

    private static string Repository(string source, YamlNode node)
    {
        var repo = Scalar(source, node, "a repository name");
        if (repo.Length == 0 || repo.Contains(':', StringComparison.Ordinal) || repo.Contains('@', StringComparison.Ordinal) || repo.Any(char.IsAsciiLetterUpper))
        {
            throw Error(source, node, $"'{repo}' is not a repository path; write it lowercase without tag or digest (tags go in the list)");
        }

        return repo.Trim('/');
    }

    private static TagFilter Filter(string source, YamlNode node, Func<TagFilter> create)
    {
        try
        {
            return create();
        }
        catch (FormatException ex)
        {
            throw Error(source, node, ex.Message);
        }
    }

    private static YamlMappingNode Mapping(string source, YamlNode node, string what, string expected) =>
        node as YamlMappingNode ?? throw Error(source, node, $"{what} must be {expected}");

    private static string Scalar(string source, YamlNode node, string expected) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(source, node, $"expected {expected} here");

    private static SyncConfigException Error(string source, YamlNode node, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: line {node.Start.Line}, column {node.Start.Column}: {message}"));

    private static string Reason(YamlException ex)
    {
        // YamlDotNet prefixes its own position, which we already give.
        var message = ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }
}
