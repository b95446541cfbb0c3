using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>Templates: built-in defaults, hospital overrides from a folder, encoding by the renderer, clear errors.</summary>
public sealed class NotificationTemplateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("templates-").FullName;

    private static readonly Device Pump = new()
    {
        Id = "pump-1",
        Manufacturer = "Mirion Medical",
        Model = "EC2 Software NMIS BioDose",
        Version = "22.02",
        Department = "Nuclear <Medicine>",
        Contacts = ["clinician@example.org"],
    };

    private static NotificationEmailComposer Composer(string? folder = null) =>
        new(Options.Create(new NotificationEmailOptions { PublicBaseUrl = "https://tracker.example.org/" }),
            new NotificationTemplates(Options.Create(new NotificationTemplateOptions { TemplateFolder = folder })));

    private static EmailMessage Compose(NotificationEmailComposer composer, Advisory advisory, bool? exploited = null) =>
        composer.Compose(
            NotificationMessage.Create("clinician@example.org", advisory.Id, advisory.Revision, NotificationKind.NewMatch, [Pump.Id]),
            advisory,
            [new AffectedDevice(Pump, MatchStatus.Affected, "vendor 'Mirion' equals 'Mirion Medical'; version 22.02 < 23.0")],
            exploited);

    [Fact]
    public void Compose_BuiltInTemplates_SayWhatWhyHowSevereAndWhatToDo()
    {
        var email = Compose(Composer(), NotificationScenario.BioDose(), exploited: true);

        Assert.StartsWith("[HIGH (CVSS", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Mirion Medical EC2 Software NMIS BioDose", email.Subject, StringComparison.Ordinal);
        Assert.Contains("EXPLOITED IN THE WILD: yes", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Why: vendor 'Mirion' equals 'Mirion Medical'; version 22.02 < 23.0", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("No fix available: apply mitigations.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("- Mitigation:", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://tracker.example.org/api/devices/pump-1/matches/ICSMA-25-336-01", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Nuclear &lt;Medicine&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Nuclear <Medicine>", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ExploitationUnknown_SaysSo()
    {
        var email = Compose(Composer(), NotificationScenario.BioDose());

        Assert.Contains("Exploited in the wild: not known.", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_JavascriptLinkInAdvisory_IsNeverALink()
    {
        var advisory = NotificationScenario.BioDose() with { WebUrl = "javascript:alert(1)" };

        var email = Compose(Composer(), advisory);

        Assert.DoesNotContain("javascript:", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Read the advisory", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HospitalOverride_ReplacesOnlyThatTemplate_AndValuesAreStillEncoded()
    {
        File.WriteAllText(Path.Combine(_folder, NotificationTemplates.NotificationHtml),
            "<p>St Elsewhere: {{advisory.title}}</p>{{#devices}}<i>{{department}}</i>{{/devices}}");
        var advisory = NotificationScenario.BioDose() with { Title = "Pump <img src=x onerror=alert(1)>" };

        var email = Compose(Composer(_folder), advisory);

        Assert.Equal("<p>St Elsewhere: Pump &lt;img src=x onerror=alert(1)&gt;</p><i>Nuclear &lt;Medicine&gt;</i>", email.HtmlBody);
        Assert.Contains("Your affected devices:", email.TextBody, StringComparison.Ordinal); // built-in text part
    }

    [Fact]
    public void Parse_UnclosedSection_FailsWithTheTemplateAndReason()
    {
        File.WriteAllText(Path.Combine(_folder, NotificationTemplates.NotificationText), "line one\n{{#devices}}\n{{model}}\n");

        var error = Assert.Throws<NotificationTemplateException>(() => Compose(Composer(_folder), NotificationScenario.BioDose()));

        Assert.Contains(NotificationTemplates.NotificationText, error.Message, StringComparison.Ordinal);
        Assert.Contains("section 'devices' is never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvertedSectionsAndNestedScopes_Work()
    {
        var template = NotificationTemplate.Parse("t", "{{#items}}{{name}}@{{site}};{{/items}}{{^empty}}none{{/empty}}{{#flag}}!{{/flag}}");
        var model = new TemplateModel
        {
            ["site"] = "A&B",
            ["items"] = new List<IReadOnlyDictionary<string, object?>> { new TemplateModel { ["name"] = "x" }, new TemplateModel { ["name"] = "<y>" } },
            ["empty"] = new List<IReadOnlyDictionary<string, object?>>(),
            ["flag"] = true,
        };

        Assert.Equal("x@A&amp;B;&lt;y&gt;@A&amp;B;none!", template.Render(model, TemplateEncoding.Html));
        Assert.Equal("x@A&B;<y>@A&B;none!", template.Render(model, TemplateEncoding.Text));
    }

    [Fact]
    public void Subject_IsCappedAndFreeOfControlCharacters()
    {
        var advisory = NotificationScenario.BioDose() with { Title = new string('x', 500) + "\r\nBcc: a@b.c" };

        var subject = Compose(Composer(), advisory).Subject;

        Assert.Equal(NotificationEmailComposer.MaxSubjectLength, subject.Length);
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\r', subject);
    }

    [Fact]
    public void BuiltInTemplates_AllParse()
    {
        var templates = new NotificationTemplates(Options.Create(new NotificationTemplateOptions()));

        Assert.All(NotificationTemplates.All, name => Assert.Equal($"built-in {name}", templates.Get(name).Name));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
