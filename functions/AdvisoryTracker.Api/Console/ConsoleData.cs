using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Console;

/// <summary>One (device, advisory) match with what the console shows next to it.</summary>
public sealed record BoardItem(TrackedMatch Tracked, Device? Device, AdvisorySummary? Advisory, DateTimeOffset Due, bool Overdue)
{
    public StoredMatch Match => Tracked.Match;

    public RemediationStatus Status => Tracked.Remediation.Status;

    public bool Exploited => Advisory?.Exploited == true;

    /// <summary>Open work: a flagged match not yet patched, found not affected or accepted.</summary>
    public bool IsOpen => Match.Status.IsFlagged() && !RemediationDuePolicy.IsClosed(Status);
}

/// <summary>Reads what the console pages show: devices, advisory summaries and every match with its due date.</summary>
public sealed class ConsoleData(
    IDeviceRegistry registry,
    IAdvisoryCatalog catalog,
    IRemediationStore remediation,
    IOptions<RemediationDueOptions> due,
    TimeProvider time)
{
    /// <summary>Most advisories listed in one console page (the catalogue is read page by page up to this).</summary>
    public const int MaxAdvisories = 2000;

    public RemediationDueOptions DueOptions => due.Value;

    public async Task<Dictionary<string, Device>> DevicesAsync(CancellationToken cancellationToken)
    {
        var devices = new Dictionary<string, Device>(StringComparer.Ordinal);
        await foreach (var device in registry.ListAllAsync(cancellationToken))
        {
            devices[device.Id] = device;
        }

        return devices;
    }

    public async Task<List<AdvisorySummary>> AdvisoriesAsync(AdvisoryQuery filter, CancellationToken cancellationToken)
    {
        var all = new List<AdvisorySummary>();
        string? token = null;
        do
        {
            var page = await catalog.QueryAsync(filter with { PageSize = 500, ContinuationToken = token }, cancellationToken);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null && all.Count < MaxAdvisories);

        return all;
    }

    /// <summary>Every match with device, advisory summary and due date (counted from when the advisory was first stored).</summary>
    public async Task<List<BoardItem>> BoardAsync(CancellationToken cancellationToken)
    {
        var devices = await DevicesAsync(cancellationToken);
        var matches = new List<TrackedMatch>();
        await foreach (var m in remediation.ListAllAsync(cancellationToken))
        {
            matches.Add(m);
        }

        var advisories = (await AdvisoriesAsync(new AdvisoryQuery(null, null, null, null, 500, null), cancellationToken))
            .ToDictionary(a => a.Id, StringComparer.Ordinal);
        var learned = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var advisoryId in matches.Select(m => m.Match.AdvisoryId).Distinct(StringComparer.Ordinal))
        {
            var revisions = await catalog.GetRevisionsAsync(advisoryId, cancellationToken);
            learned[advisoryId] = revisions.Select(r => r.StoredAt).OfType<DateTimeOffset>().DefaultIfEmpty(time.GetUtcNow()).Min();
        }

        var now = time.GetUtcNow();
        return matches.Select(m =>
        {
            var summary = advisories.GetValueOrDefault(m.Match.AdvisoryId);
            var dueAt = RemediationDuePolicy.Due(learned[m.Match.AdvisoryId], summary?.Severity, summary?.Exploited == true, due.Value);
            return new BoardItem(m, devices.GetValueOrDefault(m.Match.DeviceId), summary, dueAt, RemediationDuePolicy.IsOverdue(m.Remediation.Status, dueAt, now));
        }).ToList();
    }

    /// <summary>The history of each match of these devices, by (device, advisory).</summary>
    public async Task<Dictionary<(string, string), IReadOnlyList<RemediationHistoryEntry>>> HistoryAsync(IEnumerable<string> deviceIds, CancellationToken cancellationToken)
    {
        var history = new Dictionary<(string, string), IReadOnlyList<RemediationHistoryEntry>>();
        foreach (var deviceId in deviceIds.Distinct(StringComparer.Ordinal))
        {
            foreach (var m in await remediation.ListForDeviceAsync(deviceId, cancellationToken))
            {
                history[(deviceId, m.Match.AdvisoryId)] = m.History;
            }
        }

        return history;
    }

    public static int SeverityRank(string? severity) => severity?.ToUpperInvariant() switch
    {
        "CRITICAL" => 0,
        "HIGH" => 1,
        "MEDIUM" or "MODERATE" => 2,
        "LOW" => 3,
        _ => 4,
    };

    public static string SeverityLabel(string? severity) => SeverityRank(severity) switch
    {
        0 => "Critical",
        1 => "High",
        2 => "Medium",
        3 => "Low",
        _ => "Unknown",
    };

    public static string SegmentLabel(CareSegment segment) => segment switch
    {
        CareSegment.OnBody => "On-body",
        CareSegment.InHome => "In-home",
        CareSegment.Community => "Community",
        CareSegment.InClinic => "In-clinic",
        CareSegment.InHospital => "In-hospital",
        _ => segment.ToString(),
    };

    public static string StatusLabel(RemediationStatus status) => status switch
    {
        RemediationStatus.Open => "Open",
        RemediationStatus.InProgress => "In progress",
        RemediationStatus.Mitigated => "Mitigated",
        RemediationStatus.Patched => "Patched",
        RemediationStatus.NotAffected => "Not affected",
        RemediationStatus.RiskAccepted => "Risk accepted",
        _ => status.ToString(),
    };

    public static string MatchLabel(MatchStatus status) => status switch
    {
        MatchStatus.Affected => "Affected",
        MatchStatus.PossiblyAffected => "Possibly affected",
        _ => "Not affected",
    };
}
