using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Notifications;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Hardening;

/// <summary>
/// Issue #14, row "email subjects keep bidi overrides ... the text part prints a title's CR/LF verbatim ... refused
/// javascript: URLs still appear as text in 'Why:'": the real composer with the built-in templates, on a real advisory
/// (ICSMA-25-336-01) given a hostile title and a hostile explanation.
/// </summary>
public sealed class EmailHardeningTests
{
    [Fact]
    public void Compose_HostileTitleAndWhy_SubjectAndTextPartCarryNoLineBreaksInvisiblesOrScriptUrls()
    {
        var composer = new NotificationEmailComposer(
            Options.Create(new NotificationEmailOptions { PublicBaseUrl = "https://tracker.example.org/" }),
            new NotificationTemplates(Options.Create(new NotificationTemplateOptions())));
        var advisory = NotificationScenario.BioDose() with { Title = "Pump update\u202Eexe.pdf\u200B\r\nBcc: victim@example.org\r\n\U000E0041hidden" };
        var device = new Device { Id = "pump-1", Manufacturer = "Mirion Medical", Model = "EC2 Software NMIS BioDose", Version = "22.02", Department = "NM", Contacts = ["c@example.org"] };

        var email = composer.Compose(
            NotificationMessage.Create("c@example.org", advisory.Id, advisory.Revision, NotificationKind.NewMatch, [device.Id]),
            advisory,
            [new AffectedDevice(device, MatchStatus.Affected, "product named at javascript:alert(document.cookie)")]);

        foreach (var part in new[] { email.Subject, email.TextBody, email.HtmlBody })
        {
            Assert.DoesNotContain("\u202E", part, StringComparison.Ordinal);
            Assert.DoesNotContain("\u200B", part, StringComparison.Ordinal);
            Assert.DoesNotContain("\U000E0041", part, StringComparison.Ordinal);
            Assert.DoesNotContain("javascript:", part, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("\nBcc:", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Pump updateexe.pdf Bcc: victim@example.org hidden", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("[link removed]alert(document.cookie)", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', email.Subject);
    }
}
