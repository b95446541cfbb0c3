using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdvisoryTracker.TestInfrastructure;

namespace AdvisoryTracker.Integration.Tests.Configuration;

/// <summary>
/// Issue 16, point 7: every setting the code binds is in <c>local.settings.sample.json</c> and in <c>docs/settings.md</c>.
/// The settings are found by reflection, not listed by hand: every class of the product's assemblies with a
/// <c>public const string SectionName</c> is an options class bound from that section, and each public settable
/// property is a setting (nested option objects and lists of them recurse, list entries as <c>__N__</c>). A new options
/// property, or a new options class, fails this test until the sample and the doc name it.
/// </summary>
public sealed partial class SettingsCoverageTests
{
    /// <summary>Settings deliberately absent from the sample, with the reason (they must still be documented).</summary>
    private static readonly Dictionary<string, string> NotInSample = new(StringComparer.Ordinal)
    {
        ["SourceHttp__TestHostOverrides__<key>"] = "test/diagnostic configuration, refused without SourceHttp__AllowLoopback; never in a real deployment",
        ["Api__PlatformAuthenticationEnabled"] = "set from the platform's own WEBSITE_AUTH_ENABLED, never by operators",
        ["AzureWebJobsStorage__NamePrefix"] = "tests and installs sharing one storage account only",
        ["AzureWebJobsStorage__BlobServiceUri"] = "identity-based endpoints for non-public clouds; derived from accountName otherwise",
        ["AzureWebJobsStorage__QueueServiceUri"] = "identity-based endpoints for non-public clouds; derived from accountName otherwise",
        ["AzureWebJobsStorage__TableServiceUri"] = "identity-based endpoints for non-public clouds; derived from accountName otherwise",
        ["CsafSources__N__MaxDocumentBytes"] = "optional per-source size cap (default 10 MB)",
    };

    /// <summary>Per-site reader fields of an HTML bulletin site: its Preset fills them, so the sample names only the preset.</summary>
    private static readonly string[] BulletinSampleFields = ["Preset", "Name", "Enabled", "ListingUrl"];

    private static bool ExemptFromSample(Setting setting) =>
        NotInSample.ContainsKey(setting.Name)
        || setting.Name.StartsWith("HtmlBulletins__N__", StringComparison.Ordinal) && !BulletinSampleFields.Contains(setting.Name["HtmlBulletins__N__".Length..]);

    private static readonly string[] ProductAssemblies =
        ["AdvisoryTracker.Domain", "AdvisoryTracker.Adapters", "AdvisoryTracker.Api"];

    public static IReadOnlyList<Setting> BoundSettings()
    {
        var sample = SampleNames();
        var settings = new List<Setting>();
        foreach (var type in ProductAssemblies.Select(Assembly.Load).SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section)
            {
                continue;
            }

            // A section bound as a list of option objects (CsafSources, HtmlBulletins) is written Section__0__Property.
            var prefix = sample.Any(n => n.StartsWith(section + "__0__", StringComparison.Ordinal)) ? section + "__N__" : section + "__";
            Collect(type, prefix, type, settings, depth: 0);
        }

        return settings.DistinctBy(s => s.Name).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    private static void Collect(Type type, string prefix, Type owner, List<Setting> into, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var name = prefix + property.Name;
            var kind = property.PropertyType;
            if (IsScalar(kind))
            {
                into.Add(new Setting(name, owner, IsList: false));
            }
            else if (kind.IsGenericType && kind.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                into.Add(new Setting(name + "__<key>", owner, IsList: true));
            }
            else if (ElementType(kind) is { } element)
            {
                if (IsScalar(element))
                {
                    into.Add(new Setting(name + "__N", owner, IsList: true));
                }
                else if (depth < 3)
                {
                    Collect(element, name + "__N__", owner, into, depth + 1);
                }
            }
            else if (kind.IsClass && depth < 3)
            {
                Collect(kind, name + "__", owner, into, depth + 1);
            }
        }
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri)
            || type == typeof(decimal) || type == typeof(DateTimeOffset);
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType ? type.GetGenericArguments()[0]
        : null;

    public sealed record Setting(string Name, Type Owner, bool IsList);

    private static HashSet<string> SampleNames()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")))!["Values"]!.AsObject();
        return sample.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>List indices compare as N: <c>CsafSources__0__PublicKeyFiles__1</c> is <c>CsafSources__N__PublicKeyFiles__N</c>.</summary>
    private static string Normalise(string name) => IndexSegment().Replace(name, "__N");

    [Fact]
    public void Sample_ListsEverySettingTheOptionsClassesBind()
    {
        // Configuration keys are case-insensitive (AzureWebJobsStorage__accountName binds AccountName).
        var sample = SampleNames().Select(Normalise).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = BoundSettings()
            .Where(s => !s.IsList && !ExemptFromSample(s) && !sample.Contains(s.Name))
            .Select(s => $"{s.Name} (bound by {s.Owner.FullName}; add it to local.settings.sample.json \"Values\" with its default, and to bicep/modules/appsettings.bicep)")
            .ToList();

        Assert.True(missing.Count == 0, "Settings the code reads but local.settings.sample.json does not list:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void SettingsDoc_DocumentsEverySettingTheOptionsClassesBind()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "settings.md"));
        var missing = BoundSettings()
            .Where(s => !doc.Contains(DocName(s.Name), StringComparison.OrdinalIgnoreCase))
            .Select(s => $"{DocName(s.Name)} (bound by {s.Owner.FullName}; add a row to docs/settings.md)")
            .ToList();

        Assert.True(missing.Count == 0, "Settings the code reads but docs/settings.md does not name:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Sample_NamesNoSettingTheCodeDoesNotBind()
    {
        var bound = BoundSettings().Select(s => s.Name).ToList();
        var sections = bound.Select(n => n.Split("__")[0]).ToHashSet(StringComparer.Ordinal);
        var unknown = SampleNames()
            .Where(n => n.Contains("__", StringComparison.Ordinal) && sections.Contains(n.Split("__")[0]))
            .Select(Normalise)
            .Where(n => !bound.Contains(n, StringComparer.OrdinalIgnoreCase)
                && !bound.Any(b => b.EndsWith("__<key>", StringComparison.Ordinal) && n.StartsWith(b[..^5], StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(unknown.Count == 0, "local.settings.sample.json names settings no options class binds (typo or stale): " + string.Join(", ", unknown));
    }

    [Fact]
    public void BoundSettings_FindTheSettingsIssue16NamedAsMissing()
    {
        var names = BoundSettings().Select(s => s.Name).ToList();

        Assert.Contains("SourceHttp__AllowLoopback", names);
        Assert.Contains("Sources__HealthHeartbeat", names);
        Assert.Contains("OpenFda__BaseUrl", names);
        Assert.Contains("Epss__Url", names);
        Assert.Contains("Kev__Interval", names);
        Assert.Contains("OpenFda__Interval", names);
        Assert.Contains("CsafSources__N__PublicKeyFiles__N", names);
    }

    /// <summary>Docs write list entries as <c>__N__</c> and dictionary keys as <c>__&lt;key&gt;</c>; the doc needs the name up to that point.</summary>
    private static string DocName(string name) => name.EndsWith("__<key>", StringComparison.Ordinal) ? name[..^5] : name;

    [GeneratedRegex(@"__\d+(?=__|$)")]
    private static partial Regex IndexSegment();
}
