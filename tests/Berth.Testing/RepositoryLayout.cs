namespace Berth.Testing;

/// <summary>Where the checkout and the projects' build output are, seen from a test project's output folder.</summary>
public static class RepositoryLayout
{
    private static readonly DirectoryInfo TestsDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The checkout: the folder holding Berth.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// A program of <c>src/PROJECT</c> as built with the tests' own configuration and framework (the test projects
    /// reference what they run, so building the tests builds it).
    /// </summary>
    public static string BuiltProgram(string project, string program)
    {
        var path = Path.Combine(Root, "src", project, "bin", TestsDirectory.Parent!.Name, TestsDirectory.Name, program);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{program} is not built at {path}; build the solution first");
    }

    private static string FindRoot()
    {
        for (var dir = TestsDirectory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Berth.slnx not found above " + TestsDirectory.FullName);
    }
}
