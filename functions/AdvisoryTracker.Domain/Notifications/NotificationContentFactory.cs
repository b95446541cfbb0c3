using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Kev;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Builds <see cref="NotificationContent"/> from a stored advisory and registry devices: the one place where the email's
/// wording is derived from advisory and registry data. Device entries are embedded up to a character budget so a
/// message stays far below the queue's size limit; the rest are counted, not listed.
/// </summary>
public static class NotificationContentFactory
{
    /// <summary>Characters of device entries embedded in one notification (Service Bus allows 256 KB per message).</summary>
    public const int MaxDeviceCharacters = 64_000;

    /// <summary>A matcher explanation longer than this is cut (the email shows it as technical detail).</summary>
    public const int MaxExplanationLength = 2_000;

    private const int MaxListed = 5;

    public static NotificationContent Create(
        Advisory advisory,
        IReadOnlyList<AffectedDevice> devices,
        string recipient,
        bool? knownExploited = null,
        IReadOnlyList<KnownExploitedInfo>? knownExploitedEntries = null)
    {
        var notified = new List<NotifiedDevice>();
        var characters = 0;
        foreach (var device in devices)
        {
            var entry = Device(device, advisory, recipient);
            characters += Size(entry);
            if (notified.Count > 0 && characters > MaxDeviceCharacters)
            {
                break;
            }

            notified.Add(entry);
        }

        return new NotificationContent
        {
            Advisory = Advisory(advisory),
            Devices = notified,
            OmittedDevices = devices.Count - notified.Count,
            KnownExploited = knownExploited,
            KnownExploitedEntries = knownExploitedEntries ?? [],
        };
    }

    public static NotifiedAdvisory Advisory(Advisory advisory) =>
        new()
        {
            Id = advisory.Id,
            Title = advisory.Title,
            Revision = advisory.Revision,
            Kind = advisory.Kind,
            Publisher = advisory.Publisher,
            Severity = SeverityLevels.Of(advisory),
            SeverityWord = EmailWording.SeverityWord(advisory),
            SeverityDetail = EmailWording.SeverityDetail(advisory),
            RecallClass = string.IsNullOrWhiteSpace(advisory.RecallClass) ? null : advisory.RecallClass.Trim(),
            IsAboutVulnerabilities = EmailWording.IsAboutVulnerabilities(advisory),
            Cves = EmailWording.IsAboutVulnerabilities(advisory) ? advisory.Cves.Take(10).ToList() : [],
            WebUrl = advisory.WebUrl,
            WhatIsWrong = EmailWording.WhatIsWrong(advisory),
            Fix = EmailWording.Fix(advisory),
            Fixes = Remediations(advisory, RemediationCategory.VendorFix),
            Mitigations = Remediations(advisory, RemediationCategory.Mitigation, RemediationCategory.Workaround),
        };

    public static NotifiedDevice Device(AffectedDevice affected, Advisory advisory, string recipient) =>
        Device(affected.Device, recipient) with
        {
            Status = affected.Status,
            Confidence = affected.Confidence,
            Explanation = string.IsNullOrWhiteSpace(affected.Explanation) ? null
                : affected.Explanation.Length <= MaxExplanationLength ? affected.Explanation
                : affected.Explanation[..(MaxExplanationLength - 1)] + "…",
            Why = EmailWording.WhyThisDevice(affected.Device, affected.Status, advisory),
        };

    /// <summary>A device without a verdict (digest and escalation rows).</summary>
    public static NotifiedDevice Device(Device device, string recipient) =>
        new()
        {
            Id = device.Id,
            Name = EmailWording.DeviceName(device),
            Manufacturer = device.Manufacturer,
            Model = device.Model,
            Version = device.Version,
            Department = device.Department,
            Segment = device.Segment,
            Patients = EmailWording.Patients(device, recipient),
        };

    private static int Size(NotifiedDevice device) =>
        device.Id.Length + device.Name.Length + device.Manufacturer.Length + device.Model.Length + (device.Version?.Length ?? 0)
        + device.Department.Length + (device.Patients?.Length ?? 0) + (device.Explanation?.Length ?? 0) + device.Why.Length + 200;

    private static List<NotifiedRemediation> Remediations(Advisory advisory, params RemediationCategory[] categories) =>
        advisory.Vulnerabilities.SelectMany(v => v.Remediations)
            .Where(r => categories.Contains(r.Category))
            .DistinctBy(r => r.Details)
            .Take(MaxListed)
            .Select(r => new NotifiedRemediation(r.Details, r.Url))
            .ToList();
}
