namespace AdvisoryTracker.TestInfrastructure;

/// <summary>Locates the repository (the folder holding AdvisoryTracker.sln) from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string InfraNodeBin(string tool) => Path.Combine(Root, "infra", "node_modules", ".bin", tool);

    /// <summary>A fixture file copied next to the test binaries (tests/TestData/fixtures/...).</summary>
    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdvisoryTracker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AdvisoryTracker.sln not found above {AppContext.BaseDirectory}");
    }
}
