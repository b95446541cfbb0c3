namespace AdvisoryTracker.Domain.Tests.Feeds;

/// <summary>Loads the real documents under TestData/fixtures by relative path.</summary>
internal static class Fixture
{
    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", "fixtures", .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(PathOf(parts));
}
