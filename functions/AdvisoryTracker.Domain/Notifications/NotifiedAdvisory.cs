using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// What an email says about an advisory, decided when the notification is routed (<see cref="NotificationContentFactory"/>):
/// the wording is computed once from the stored advisory, so delivery renders it without reading the advisory again.
/// </summary>
public sealed record NotifiedAdvisory
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The advisory's own revision (the action links are signed for it).</summary>
    public required string Revision { get; init; }

    public AdvisoryKind Kind { get; init; } = AdvisoryKind.Csaf;

    public string Publisher { get; init; } = "";

    public SeverityLevel? Severity { get; init; }

    /// <summary>"HIGH", or null when not scored.</summary>
    public string? SeverityWord { get; init; }

    /// <summary>"HIGH (CVSS 8.4)", "MEDIUM (FDA Class II recall)", "not scored".</summary>
    public string SeverityDetail { get; init; } = "not scored";

    public string? RecallClass { get; init; }

    /// <summary>True for kinds about software vulnerabilities, where "exploited in the wild" and CVEs mean something.</summary>
    public bool IsAboutVulnerabilities { get; init; }

    /// <summary>Up to ten CVEs (only for advisories about vulnerabilities).</summary>
    public IReadOnlyList<string> Cves { get; init; } = [];

    public string? WebUrl { get; init; }

    public string WhatIsWrong { get; init; } = "";

    public required FixAdvice Fix { get; init; }

    public IReadOnlyList<NotifiedRemediation> Fixes { get; init; } = [];

    public IReadOnlyList<NotifiedRemediation> Mitigations { get; init; } = [];
}
