using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// The emails as a clinician reads them (Liquid templates rendered by Fluid): subject per kind naming the recipient's
/// device, what is wrong first, fix wording that follows the remediation text, segment guidance, patients, signed
/// action buttons; hospital overrides, encoding by the renderer, clear template errors.
/// </summary>
public sealed class NotificationTemplateTests : IDisposable
{
    private const string Clinician = "clinician@example.org";
    private const string LinkKey = "template-test-action-link-key-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("templates-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private static readonly Device BioDose = new()
    {
        Id = "pump-1",
        Manufacturer = "Mirion Medical",
        Model = "EC2 Software NMIS BioDose",
        Version = "22.02",
        Department = "Nuclear <Medicine>",
        Contacts = [Clinician],
    };

    private NotificationEmailComposer Composer(string? folder = null, string? linkKey = null)
    {
        var links = Options.Create(new ActionLinkOptions { ActionLinkKey = linkKey, ConsoleBaseUrl = "https://console.example.org/" });
        return new(Options.Create(new NotificationEmailOptions { PublicBaseUrl = "https://tracker.example.org/" }),
            new NotificationTemplates(Options.Create(new NotificationTemplateOptions { TemplateFolder = folder })),
            new ActionLinkSigner(links, _time),
            links);
    }

    private static EmailMessage Compose(
        NotificationEmailComposer composer, Advisory advisory, bool? exploited = null, Device? device = null,
        NotificationKind kind = NotificationKind.NewMatch, MatchStatus status = MatchStatus.Affected)
    {
        var d = device ?? BioDose;
        return composer.Compose(
            NotificationMessage.Create(Clinician, advisory.Id, advisory.Revision, kind, [d.Id]),
            advisory,
            [new AffectedDevice(d, status, "advisory vendor 'Mirion Medical' is 'Mirion Medical'; version 22.02 <= 22.02")],
            exploited);
    }

    private static Advisory Recall(string? recallClass = "Class II") => new()
    {
        Id = "Z-1234-2026",
        Kind = AdvisoryKind.Recall,
        Title = "Infusion pump recall: occlusion alarm may not sound",
        Summary = "The occlusion alarm may not sound when the line is blocked. Patients could miss doses.",
        RecallClass = recallClass,
        Products = [new AdvisoryProduct { ProductId = "p1", Vendor = "Acme Infusion", ProductName = "Model A pump" }, new AdvisoryProduct { ProductId = "p2", Vendor = "Acme Infusion", ProductName = "Model B pump" }],
    };

    [Fact]
    public void Compose_SecurityAdvisory_SubjectOnceWithCount_ThenWhatIsWrongDevicesWhatToDo_TechnicalDetailLast()
    {
        var email = Compose(Composer(), NotificationScenario.BioDose(), exploited: true);
        var text = email.TextBody;

        Assert.Equal("[HIGH] Mirion Medical EC2 Software NMIS BioDose: security advisory affects 1 of your devices", email.Subject);
        var wrong = text.IndexOf("WHAT IS WRONG\nSuccessful exploitation of these vulnerabilities could allow an attacker", StringComparison.Ordinal);
        var devices = text.IndexOf("YOUR DEVICES (1)", StringComparison.Ordinal);
        var todo = text.IndexOf("WHAT TO DO NOW\nUpdate to V23.0 or later.", StringComparison.Ordinal);
        var technical = text.IndexOf("Technical detail (how each device was matched):", StringComparison.Ordinal);
        Assert.True(wrong >= 0 && wrong < devices && devices < todo && todo < technical, text);
        Assert.Contains("Why this device: The advisory lists Mirion Medical EC2 Software NMIS BioDose version 22.02, the version registered for your device, as affected.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("No fix available", text, StringComparison.Ordinal);
        Assert.DoesNotContain("No vendor fix", text, StringComparison.Ordinal);
        Assert.Contains("- Mitigation:", text, StringComparison.Ordinal);
        Assert.Contains("EXPLOITED IN THE WILD: yes", text, StringComparison.Ordinal);
        Assert.Contains("Open in the console: https://console.example.org/advisories/ICSMA-25-336-01", text, StringComparison.Ordinal);
        Assert.Contains("Nuclear &lt;Medicine&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Nuclear <Medicine>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/devices/", text, StringComparison.Ordinal); // the old PATCH-only link a clinician could not use
    }

    [Fact]
    public void Compose_ExploitationUnknown_SaysSoOnASecurityAdvisory()
    {
        var email = Compose(Composer(), NotificationScenario.BioDose());

        Assert.Contains("Exploited in the wild: not known.", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Recall_HasItsOwnSubjectSeverityFromClass_AndNoExploitationOrCveLines()
    {
        var pump = BioDose with { Id = "pump-7", Manufacturer = "Acme Infusion", Model = "Model B pump", Segment = CareSegment.InHome };

        var email = Compose(Composer(), Recall(), device: pump);

        Assert.Equal("[MEDIUM] Acme Infusion Model B pump: recall (Class II) affects 1 of your devices", email.Subject);
        Assert.StartsWith("RECALL (CLASS II) - MEDIUM (FDA Class II recall)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("The occlusion alarm may not sound when the line is blocked.", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("xploited", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("xploited", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Vulnerabilities:", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Model A pump", email.Subject, StringComparison.Ordinal); // the recipient's device, not the advisory's first products
        Assert.Contains("The FDA recall lists Acme Infusion Model B pump", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationKind.PatchAvailable, "[HIGH] Mirion Medical EC2 Software NMIS BioDose: patch available for 1 of your devices")]
    [InlineData(NotificationKind.KnownExploited, "[HIGH] Mirion Medical EC2 Software NMIS BioDose: now exploited in the wild, affects 1 of your devices")]
    public void Compose_EventKinds_HaveTheirOwnSubject(NotificationKind kind, string subject)
    {
        Assert.Equal(subject, Compose(Composer(), NotificationScenario.BioDose(), kind: kind).Subject);
    }

    [Fact]
    public void Compose_SafetyCommunication_SaysWhatItIs()
    {
        var advisory = Recall(recallClass: null) with { Kind = AdvisoryKind.SafetyCommunication, Severity = "high" };

        var email = Compose(Composer(), advisory, device: BioDose with { Manufacturer = "Acme Infusion", Model = "Model B pump" });

        Assert.Equal("[HIGH] Acme Infusion Model B pump: FDA safety communication about 1 of your devices", email.Subject);
        Assert.DoesNotContain("xploited", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CareSegment.OnBody, "Tell patients and caregivers")]
    [InlineData(CareSegment.InHome, "Tell patients and caregivers")]
    [InlineData(CareSegment.Community, "Tell operators")]
    [InlineData(CareSegment.InClinic, "Accounts and passwords")]
    [InlineData(CareSegment.InHospital, "For clinical engineering")]
    public void Compose_EachSegment_GetsItsGuidance_WithTheSourceCited(CareSegment segment, string heading)
    {
        var email = Compose(Composer(), NotificationScenario.BioDose(), device: BioDose with { Segment = segment });

        Assert.Contains(heading + ":", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>" + heading + "</strong>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Source: Follows the structure of FDA safety communications", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://www.fda.gov/medical-devices/safety-communications/", email.TextBody, StringComparison.Ordinal);
        var others = Enum.GetValues<CareSegment>().Where(s => s != segment)
            .Select(s => NotificationTemplates.ParseGuidance(s, NotificationTemplates.BuiltIn(NotificationTemplates.GuidanceFile(s)))["title"] as string);
        Assert.All(others, title => Assert.DoesNotContain(title!.ToUpperInvariant(), email.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_PrescribedDevice_SaysHowManyPatientsTheRecipientPrescribesItTo()
    {
        var pump = BioDose with { Segment = CareSegment.OnBody, PatientCount = 14, Prescribers = [Clinician], Contacts = ["engineering@example.org"] };

        var prescriber = Compose(Composer(), NotificationScenario.BioDose(), device: pump);
        var contact = Composer().Compose(
            NotificationMessage.Create("engineering@example.org", "ICSMA-25-336-01", "1", NotificationKind.NewMatch, [pump.Id]),
            NotificationScenario.BioDose(), [new AffectedDevice(pump, MatchStatus.Affected, null)]);

        Assert.Contains("You prescribe this model to 14 patients.", prescriber.TextBody, StringComparison.Ordinal);
        Assert.Contains("You prescribe this model to 14 patients.", prescriber.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Prescribed to 14 patients.", contact.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("You prescribe", contact.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WithALinkKey_EveryDeviceHasFourSignedActionLinks_ThatVerifyForThatDeviceOnly()
    {
        var email = Compose(Composer(linkKey: LinkKey), NotificationScenario.BioDose());
        var signer = new ActionLinkSigner(Options.Create(new ActionLinkOptions { ActionLinkKey = LinkKey }), _time);

        var links = email.TextBody.Split('\n').Select(l => l.Trim())
            .Where(l => l.Contains("https://tracker.example.org/api/act/pump-1/ICSMA-25-336-01?do=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Acknowledge", "Mark mitigated", "Mark patched", "Not my device / not in use"], links.Select(l => l[..l.IndexOf(": https", StringComparison.Ordinal)]));
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(links[1][(links[1].IndexOf("https", StringComparison.Ordinal))..]).Query);
        Assert.Equal("mitigated", query["do"]);
        var check = signer.Check(query["t"], "pump-1", "ICSMA-25-336-01");
        Assert.Equal(ActionLinkVerdict.Valid, check.Verdict);
        Assert.Equal(Clinician, check.Recipient);
        Assert.Equal("1", check.Revision);
        Assert.Equal(ActionLinkVerdict.Tampered, signer.Check(query["t"], "pump-2", "ICSMA-25-336-01").Verdict);
        Assert.Contains(">Mark mitigated</a>", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WithoutALinkKey_HasNoActionButtons()
    {
        var email = Compose(Composer(), NotificationScenario.BioDose());

        Assert.DoesNotContain("/api/act/", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/act/", email.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RemediationCategory.Mitigation, "Mirion Medical recommends users update to V23.0 or later.", "Update to V23.0 or later.")]
    [InlineData(RemediationCategory.VendorFix, "Upgrade the firmware to version 4.2.1 and restart.", "Update to version 4.2.1.")]
    [InlineData(RemediationCategory.VendorFix, "Contact the vendor for the fix.", "Apply the vendor's fix described below.")]
    [InlineData(RemediationCategory.Mitigation, "Please update to the latest release.", "The vendor provides updates: follow the steps below.")]
    [InlineData(RemediationCategory.Mitigation, "Restrict network access to the device.", "No vendor fix is listed yet: apply the mitigations below.")]
    [InlineData(RemediationCategory.NoneAvailable, "None.", "No fix or mitigation is listed yet: ask the vendor, and keep the device off untrusted networks.")]
    public void Fix_FollowsTheRemediationText_WhateverItsCategory(RemediationCategory category, string details, string headline)
    {
        var advisory = NotificationScenario.BioDose() with
        {
            Vulnerabilities = [new Vulnerability { Remediations = [new AdvisoryRemediation(category, details, null, [])] }],
        };

        Assert.Equal(headline, EmailWording.Fix(advisory).Headline);
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
            "<p>St Elsewhere: {{ advisory.title }}</p>{% for d in devices %}<i>{{ d.department }}</i>{% endfor %}");
        var advisory = NotificationScenario.BioDose() with { Title = "Pump <img src=x onerror=alert(1)>" };

        var email = Compose(Composer(_folder), advisory);

        Assert.Equal("<p>St Elsewhere: Pump &lt;img src=x onerror=alert(1)&gt;</p><i>Nuclear &lt;Medicine&gt;</i>", email.HtmlBody);
        Assert.Contains("YOUR DEVICES (1)", email.TextBody, StringComparison.Ordinal); // built-in text part
    }

    [Fact]
    public void Compose_HospitalGuidanceOverride_IsUsed()
    {
        File.WriteAllText(Path.Combine(_folder, NotificationTemplates.GuidanceFile(CareSegment.InHospital)),
            "title: St Elsewhere biomedical engineering\n## Call us\n- Extension 4242, day and night\n");

        var email = Compose(Composer(_folder), NotificationScenario.BioDose());

        Assert.Contains("ST ELSEWHERE BIOMEDICAL ENGINEERING\nCall us:\n- Extension 4242, day and night", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedTag_FailsWithTheTemplateAndReason()
    {
        File.WriteAllText(Path.Combine(_folder, NotificationTemplates.NotificationText), "line one\n{% for d in devices %}\n{{ d.model }}\n");

        var error = Assert.Throws<NotificationTemplateException>(() => Compose(Composer(_folder), NotificationScenario.BioDose()));

        Assert.Contains(NotificationTemplates.NotificationText, error.Message, StringComparison.Ordinal);
        Assert.Contains("for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LoopsConditionsAndOuterValues_EncodedOnlyInHtml()
    {
        var template = NotificationTemplate.Parse("t", "{% for i in items %}{{ i.name }}@{{ site }};{% endfor %}{% if empty.size == 0 %}none{% endif %}{% if flag %}!{% endif %}");
        var model = new TemplateModel
        {
            ["site"] = "A&B",
            ["items"] = new List<TemplateModel> { new() { ["name"] = "x" }, new() { ["name"] = "<y>" } },
            ["empty"] = new List<TemplateModel>(),
            ["flag"] = true,
        };

        Assert.Equal("x@A&amp;B;&lt;y&gt;@A&amp;B;none!", template.Render(model, TemplateEncoding.Html));
        Assert.Equal("x@A&B;<y>@A&B;none!", template.Render(model, TemplateEncoding.Text));
    }

    [Fact]
    public void Subject_IsCappedAndFreeOfControlAndInvisibleCharacters()
    {
        var device = BioDose with { Model = new string('x', 500) + "\r\nBcc: a@b.c\u202E\u200B" };

        var subject = Compose(Composer(), NotificationScenario.BioDose(), device: device).Subject;

        Assert.Equal(NotificationEmailComposer.MaxSubjectLength, subject.Length);
        Assert.DoesNotContain('\n', subject);
        Assert.DoesNotContain('\r', subject);
        Assert.Equal("a b", NotificationEmailComposer.SanitiseHeader("a\u202E\u200B\u2066\r\n b\U000E0041"));
    }

    [Fact]
    public void BuiltInTemplates_AllParse_AndEveryGuidanceFileHasATitleSectionsAndASource()
    {
        var templates = new NotificationTemplates(Options.Create(new NotificationTemplateOptions()));

        Assert.All(NotificationTemplates.All, name => Assert.Equal($"built-in {name}", templates.Get(name).Name));
        Assert.All(Enum.GetValues<CareSegment>(), segment =>
        {
            var guidance = templates.Guidance(segment);
            Assert.False(string.IsNullOrWhiteSpace(guidance["title"] as string));
            Assert.StartsWith("https://www.fda.gov/", guidance["source_url"] as string, StringComparison.Ordinal);
            Assert.True(((List<TemplateModel>)guidance["sections"]!).Count >= 2);
        });
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
