using System.Text.Json.Nodes;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>
/// Builds CISA's real distribution tree in a temp folder at test time: the real feed, index.txt, changes.csv,
/// .sha512 and .asc files, with the fixture JSON placed at the paths they name. The feed and listings are cut down
/// to the documents we hold (the real ones list 2,538) and the feed's links re-pointed at the loopback server.
/// </summary>
internal sealed class CsafDistributionTree : IDisposable
{
    public const string FeedPath = "csaf_files/OT/white/cisa-csaf-ot-feed-tlp-white.json";
    public const string DirectoryPath = "csaf_files/OT/white/";
    private const string RealPrefix = "https://raw.githubusercontent.com/cisagov/CSAF/develop/";

    private CsafDistributionTree(string root) => Root = root;

    public string Root { get; }

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "TestData", "fixtures", "csaf");

    public static string CisaKeyFile => Path.Combine(Fixtures, "distribution", "openpgp", "144AED0A57BE7D4AE835D9D8CAC5AC4F74164B17.asc");

    private int _feedWrites;

    public List<string> DocumentPaths { get; } = [];

    public static CsafDistributionTree Build(Uri serverBase, Func<string, bool>? include = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "csaf-tree-" + Guid.NewGuid().ToString("N"));
        var tree = new CsafDistributionTree(root);
        var white = Path.Combine(root, "csaf_files", "OT", "white");
        Directory.CreateDirectory(white);
        var source = Path.Combine(Fixtures, "distribution", "OT", "white");
        foreach (var signature in Directory.EnumerateFiles(source, "*.json.asc", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(signature)[..^4];
            if (include is not null && !include(name))
            {
                continue;
            }

            var year = Path.GetFileName(Path.GetDirectoryName(signature)!);
            Directory.CreateDirectory(Path.Combine(white, year));
            var folder = name.StartsWith("icsma", StringComparison.Ordinal) ? "icsma" : "icsa";
            File.Copy(Path.Combine(Fixtures, folder, name), Path.Combine(white, year, name));
            File.Copy(signature, Path.Combine(white, year, name + ".asc"));
            File.Copy(signature[..^4] + ".sha512", Path.Combine(white, year, name + ".sha512"));
            tree.DocumentPaths.Add($"csaf_files/OT/white/{year}/{name}");
        }

        var held = tree.DocumentPaths.ToHashSet(StringComparer.Ordinal);
        var feed = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "cisa-csaf-ot-feed-tlp-white.json")))!;
        var entries = feed["feed"]!["entry"]!.AsArray();
        foreach (var entry in entries.ToList())
        {
            var href = entry!["content"]!["src"]!.GetValue<string>();
            if (!held.Contains(href[RealPrefix.Length..]))
            {
                entries.Remove(entry);
            }
        }

        tree.WriteFeed(feed.ToJsonString().Replace(RealPrefix, serverBase.AbsoluteUri, StringComparison.Ordinal));
        File.WriteAllLines(Path.Combine(white, "changes.csv"),
            File.ReadAllLines(Path.Combine(source, "changes.csv")).Where(l => held.Contains(l.Split(',')[0])));
        File.WriteAllLines(Path.Combine(white, "index.txt"),
            File.ReadAllLines(Path.Combine(source, "index.txt")).Where(l => held.Contains(l.Trim())));
        return tree;
    }

    public string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public JsonNode ReadFeed() => JsonNode.Parse(File.ReadAllText(FullPath(FeedPath)))!;

    public void WriteFeed(JsonNode feed) => WriteFeed(feed.ToJsonString());

    private void WriteFeed(string json)
    {
        File.WriteAllText(FullPath(FeedPath), json);
        // A new Last-Modified second per write, so the server's validators change with the content.
        File.SetLastWriteTimeUtc(FullPath(FeedPath), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(++_feedWrites));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
