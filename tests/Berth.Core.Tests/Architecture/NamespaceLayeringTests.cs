using System.Reflection;
using System.Xml.Linq;

namespace Berth.Core.Tests.Architecture;

/// <summary>
/// The layers of Berth.Core, read from the source: a folder's files may name only their own namespace and the ones
/// below it.
/// <code>
///   Diagnostics                    beside everything, below everything: the shared metric instruments (BerthMetrics)
///   Errors                         the error model (BerthException, categories, registry errors and their parsing)
///   Processes                      beside everything: the environment of programs Berth starts (no Berth secrets)
///   References                     image references, hosts, digests, tags
///   Auth ⇄ Transport               one layer: credentials, challenges, tokens / the handler chain
///   Content                        descriptors, media types, manifest models, verifying streams
///   Distribution                   the registry client
///   Referrers                      signatures, SBOMs, attestations: referrers API, fallback tag, cosign tags
///   Transfer                       copy and sync between registries, OCI layouts and docker archives
///   DockerConfig, Templates        beside the stack: docker config files (may use Auth's credentials and start
///                                  credential helpers through Processes) / tag templates
/// </code>
/// Core names no project above it (Connections, Server, Cli), and Connections names neither front end.
/// </summary>
public sealed class NamespaceLayeringTests
{
    private static readonly Dictionary<string, string[]> MayUse = new(StringComparer.Ordinal)
    {
        ["Diagnostics"] = [],
        ["Errors"] = [],
        ["Processes"] = [],
        ["References"] = ["Errors"],
        ["Auth"] = ["Errors", "References", "Transport"],
        ["Transport"] = ["Errors", "References", "Auth", "Diagnostics"],
        ["Content"] = ["Errors", "References"],
        ["Distribution"] = ["Errors", "References", "Auth", "Transport", "Content"],
        ["Referrers"] = ["Errors", "References", "Content", "Distribution"],
        ["Transfer"] = ["Errors", "References", "Auth", "Transport", "Content", "Distribution", "Referrers"],
        ["DockerConfig"] = ["Errors", "References", "Auth", "Processes"],
        ["Templates"] = ["Errors"],
    };

    private static readonly string[] AboveCore = ["Connections", "Server", "Cli"];

    private static readonly string[] AboveConnections = ["Server", "Cli"];

    public static TheoryData<string> Folders() => [.. MayUse.Keys];

    [Fact]
    public void Every_core_folder_has_a_layering_rule()
    {
        var folders = CoreFolders().Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(MayUse.Keys.Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(CoreDirectory(), "*.cs"));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Core_files_declare_their_folders_namespace(string folder)
    {
        var wrong = SourceFiles(Path.Combine(CoreDirectory(), folder))
            .Select(f => (File: f, Namespace: SourceNamespaceScanner.DeclaredNamespace(File.ReadAllText(f))))
            .Where(x => x.Namespace != $"Berth.{folder}" && x.Namespace?.StartsWith($"Berth.{folder}.", StringComparison.Ordinal) != true)
            .Select(x => $"{Relative(x.File)} declares namespace {x.Namespace ?? "(none)"}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Core_namespaces_use_only_the_layers_below_them(string folder)
    {
        var allowed = MayUse[folder].Append(folder).ToHashSet(StringComparer.Ordinal);
        var layers = MayUse.Keys.ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var file in SourceFiles(Path.Combine(CoreDirectory(), folder)))
        {
            foreach (var use in SourceNamespaceScanner.Uses(File.ReadAllText(file), layers))
            {
                if ((layers.Contains(use.Name) || AboveCore.Contains(use.Name)) && !allowed.Contains(use.Name))
                {
                    violations.Add($"{Relative(file)}:{use.Line} uses Berth.{use.Name}");
                }
            }
        }

        Assert.True(violations.Count == 0,
            $"Berth.{folder} may use only {(MayUse[folder].Length == 0 ? "itself" : string.Join(", ", MayUse[folder].Select(n => "Berth." + n)))}:"
            + Environment.NewLine + string.Join(Environment.NewLine, violations.Distinct()));
    }

    [Fact]
    public void Connections_source_names_no_front_end()
    {
        var violations = SourceFiles(Path.Combine(CoreDirectory(), "..", "Berth.Connections"))
            .SelectMany(f => SourceNamespaceScanner.Uses(File.ReadAllText(f), new HashSet<string>())
                .Where(u => AboveConnections.Contains(u.Name))
                .Select(u => $"{Relative(f)}:{u.Line} uses Berth.{u.Name}"))
            .ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Core_and_connections_projects_reference_only_the_projects_below_them()
    {
        Assert.Empty(ProjectReferences("Berth.Core"));
        Assert.Equal(["Berth.Core"], ProjectReferences("Berth.Connections"));
    }

    [Fact]
    public void Core_assembly_references_no_other_berth_assembly()
    {
        var berth = Assembly.Load("Berth.Core").GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => n.StartsWith("Berth", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(berth);
    }

    private static string CoreDirectory() => Path.Combine(CoreDependencyTests.RepoRoot(), "src", "Berth.Core");

    private static IEnumerable<string> CoreFolders() =>
        Directory.GetDirectories(CoreDirectory()).Where(d => Path.GetFileName(d) is not ("bin" or "obj"));

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    private static string Relative(string file) =>
        Path.GetRelativePath(Path.Combine(CoreDependencyTests.RepoRoot(), "src"), file);

    private static List<string> ProjectReferences(string project) =>
        XDocument.Load(Path.Combine(CoreDependencyTests.RepoRoot(), "src", project, project + ".csproj"))
            .Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension((string?)e.Attribute("Include") ?? ""))
            .ToList();
}
