using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Hardening;

/// <summary>Issue #14: the one advisory id rule (ingest and API) and the email text sanitiser.</summary>
public sealed class IdAndEmailHardeningTests
{
    [Theory]
    [InlineData("ICSMA-25-336-01")]
    [InlineData("cisco-sa-20240101-abc")]
    [InlineData("RHSA-2024:1234")]
    [InlineData("FDA Safety Communication 2025/03")]
    public void AdvisoryIds_RealIds_AreValid(string id) => Assert.True(AdvisoryIds.IsValid(id));

    [Theory]
    [InlineData("ICSMA-25-999-01\r\nBcc: victim@example.org")]
    [InlineData("ICSMA<script>alert(1)</script>")]
    [InlineData("ICSMA-25-999-01\u202Egnp.exe")]
    [InlineData("ICSMA\u200B-25")]
    [InlineData(" ICSMA-25-336-01")]
    [InlineData("")]
    public void AdvisoryIds_ControlMarkupAndInvisibleCharacters_AreRefused(string id) => Assert.False(AdvisoryIds.IsValid(id));

    [Fact]
    public void AdvisoryIds_LoneSurrogate_IsRefused() => Assert.False(AdvisoryIds.IsValid("ICSMA-\ud800-01"));

    [Fact]
    public void AdvisoryIds_OverTwoHundredCharacters_AreRefused() => Assert.False(AdvisoryIds.IsValid("ICSMA-" + new string('9', 600)));

    [Fact]
    public void AdvisoryLimits_LongVersionOrTooManyProducts_AreRefusedWithAReason()
    {
        var advisory = new Advisory { Id = "ICSMA-25-336-01", Title = "t", Revision = new string('1', 600) };
        Assert.Contains("tracking version", AdvisoryLimits.Problem(advisory), StringComparison.Ordinal);

        var many = advisory with
        {
            Revision = "1",
            Products = Enumerable.Range(0, AdvisoryLimits.MaxProducts + 1).Select(i => new AdvisoryProduct { ProductId = $"P{i}", Vendor = "v", ProductName = "p" }).ToList(),
        };
        Assert.Contains("products", AdvisoryLimits.Problem(many), StringComparison.Ordinal);
        Assert.Null(AdvisoryLimits.Problem(advisory with { Revision = "1.0.2" }));
    }

    [Fact]
    public void EmailSubject_BidiZeroWidthTagAndLineBreaks_AreStripped()
    {
        var subject = NotificationEmailComposer.SanitiseHeader("Pump\u202Efdp.exe\u2066 update\u200B now\r\nBcc: x@example.org \U000E0041\U000E0042tag");

        Assert.Equal("Pumpfdp.exe update now Bcc: x@example.org tag", subject);
        Assert.DoesNotContain(subject, c => EmailText.IsInvisible(c) || char.IsControl(c) || char.IsSurrogate(c));
    }

    [Theory]
    [InlineData("see javascript:alert(1) now", "see [link removed]alert(1) now")]
    [InlineData("JavaScript :alert(1)", "[link removed]alert(1)")]
    [InlineData("open data:text/html;base64,PHNjcmlwdD4=", "open [link removed]base64,PHNjcmlwdD4=")]
    [InlineData("Line one\r\nBcc: victim@example.org", "Line one Bcc: victim@example.org")]
    [InlineData("https://www.cisa.gov/x", "https://www.cisa.gov/x")]
    [InlineData("missing data: none", "missing data: none")]
    public void EmailText_RefusedSchemesAndLineBreaks_NeverReachTheText(string input, string expected) =>
        Assert.Equal(expected, EmailText.Clean(input));
}
