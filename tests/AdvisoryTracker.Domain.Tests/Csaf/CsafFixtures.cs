namespace AdvisoryTracker.Domain.Tests.Csaf;

/// <summary>Paths of the real CSAF fixtures copied next to the test assembly.</summary>
internal static class CsafFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "fixtures", "csaf");

    public static string CisaKey => File.ReadAllText(Path.Combine(Root, "distribution", "openpgp", "144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17.asc"));

    public static IEnumerable<string> Documents(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.json").Order(StringComparer.Ordinal);

    public static IEnumerable<string> AllDocuments => Documents("icsma").Concat(Documents("icsa"));

    public static byte[] Document(string fileName) =>
        File.ReadAllBytes(Path.Combine(Root, fileName.StartsWith("icsma", StringComparison.Ordinal) ? "icsma" : "icsa", fileName));

    /// <summary>The signed documents: (document, .sha512, .asc) triples of the real distribution tree.</summary>
    public static IEnumerable<(string Document, string Hash, string Signature)> SignedDocuments()
    {
        foreach (var signature in Directory.EnumerateFiles(Path.Combine(Root, "distribution", "OT", "white"), "*.json.asc", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(signature)[..^4];
            var folder = name.StartsWith("icsma", StringComparison.Ordinal) ? "icsma" : "icsa";
            yield return (Path.Combine(Root, folder, name), signature[..^4] + ".sha512", signature);
        }
    }
}
