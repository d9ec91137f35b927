namespace Berth.Cli.Tests;

/// <summary>Where the checkout and the other projects' build output are, seen from the tests' own output folder.</summary>
internal static class BuildOutput
{
    private static readonly DirectoryInfo TestsDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The checkout: the folder holding Berth.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// The server program (<c>berth-server</c>, a JIT apphost) as built with the same configuration as the tests;
    /// the test project references Berth.Server for build order only, so building the tests builds it.
    /// </summary>
    public static string Server
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "src", "Berth.Server", "bin", TestsDirectory.Parent!.Name, TestsDirectory.Name, "berth-server");
            return File.Exists(path) ? path : throw new InvalidOperationException($"berth-server not built at {path}");
        }
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

        throw new InvalidOperationException("Berth.slnx not found above the tests");
    }
}
