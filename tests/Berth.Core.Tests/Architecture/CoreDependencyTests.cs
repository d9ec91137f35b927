using System.Reflection;
using System.Xml.Linq;

namespace Berth.Core.Tests.Architecture;

/// <summary>Berth.Core must stay usable from the AOT CLI: no ASP.NET Core, no EF Core.</summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore"];

    [Fact]
    public void Core_assembly_references_no_aspnetcore_or_efcore()
    {
        var core = Assembly.Load("Berth.Core");
        var offenders = core.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => Forbidden.Any(f => n.StartsWith(f, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Core_project_declares_no_aspnetcore_framework_or_package()
    {
        var csproj = Path.Combine(RepoRoot(), "src", "Berth.Core", "Berth.Core.csproj");
        var doc = XDocument.Load(csproj);
        var refs = doc.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();
        Assert.DoesNotContain(refs, r => Forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.DoesNotContain("Microsoft.NET.Sdk.Web", doc.Root?.Attribute("Sdk")?.Value ?? "", StringComparison.Ordinal);
        Assert.Equal("true", doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "IsAotCompatible")?.Value);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Berth.slnx not found above " + AppContext.BaseDirectory);
    }
}
