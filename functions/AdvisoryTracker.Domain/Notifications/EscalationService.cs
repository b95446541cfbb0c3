using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>How long a critical match may stay "open" before the department admin is told.</summary>
    public TimeSpan OpenAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// Department admin email per department (<c>Escalation:DepartmentAdmins:&lt;Department&gt;</c>). Keys are compared
    /// ignoring case, spaces and punctuation, so <c>Escalation__DepartmentAdmins__NuclearMedicine</c> (app setting names
    /// allow no spaces) matches the department "Nuclear Medicine".
    /// </summary>
    public Dictionary<string, string> DepartmentAdmins { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Admin for departments without their own (and devices without a department). Empty: such matches are only logged.</summary>
    public string? DefaultAdmin { get; set; }

    public string? AdminFor(string department)
    {
        var key = Normalise(department);
        foreach (var (name, admin) in DepartmentAdmins)
        {
            if (Normalise(name) == key && !string.IsNullOrWhiteSpace(admin))
            {
                return admin.Trim();
            }
        }

        return string.IsNullOrWhiteSpace(DefaultAdmin) ? null : DefaultAdmin.Trim();
    }

    private static string Normalise(string text) => string.Concat(text.Where(char.IsLetterOrDigit)).ToUpperInvariant();
}

/// <summary>What an escalation run did.</summary>
public sealed record EscalationRunSummary(int Overdue, int Escalated, int Emails);

/// <summary>
/// Escalation (timer <c>EscalationSchedule</c>, scheduled, never a loop): critical matches whose remediation status is
/// still "open" longer than <see cref="EscalationOptions.OpenAfter"/> are sent to the device's department admin, one
/// email per admin and run. Each (device, advisory) is escalated once: its ledger row is claimed before and marked after.
/// </summary>
public sealed partial class EscalationService(
    IOpenMatchQuery openMatches,
    IAdvisoryStore advisories,
    IDeviceRegistry devices,
    INotificationLedger ledger,
    IEmailSender email,
    NotificationEmailComposer composer,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<EscalationService> logger)
{
    private readonly EscalationOptions _options = options.Value;

    public async Task<EscalationRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - _options.OpenAfter;
        var byAdmin = new Dictionary<(string Admin, string Department), List<(EscalationItem Item, LedgerClaim Claim)>>();
        var advisoryCache = new Dictionary<string, StoredAdvisory?>(StringComparer.Ordinal);
        var overdue = 0;
        await foreach (var match in openMatches.ListOpenFlaggedAsync(cutoff, cancellationToken))
        {
            if (!advisoryCache.TryGetValue(match.AdvisoryId, out var advisory))
            {
                advisory = advisoryCache[match.AdvisoryId] = await advisories.GetAsync(match.AdvisoryId, cancellationToken);
            }

            if (advisory is null || SeverityLevels.Of(advisory.Advisory) != SeverityLevel.Critical
                || await devices.GetAsync(match.DeviceId, cancellationToken) is not { } device)
            {
                continue;
            }

            overdue++;
            if (_options.AdminFor(device.Device.Department) is not { } admin)
            {
                LogNoAdmin(match.DeviceId, match.AdvisoryId, device.Device.Department);
                continue;
            }

            var claim = await ledger.TryClaimAsync("e-" + NotificationKeys.Hash($"{match.DeviceId}\n{match.AdvisoryId}"), admin, cancellationToken);
            if (claim is null)
            {
                continue;
            }

            var key = (admin.ToLowerInvariant(), device.Device.Department);
            if (!byAdmin.TryGetValue(key, out var list))
            {
                byAdmin[key] = list = [];
            }

            list.Add((new EscalationItem(advisory.Advisory, device.Device, match.RaisedAt), claim));
        }

        int escalated = 0, emails = 0;
        foreach (var ((admin, department), items) in byAdmin)
        {
            try
            {
                await email.SendAsync(composer.ComposeEscalation(admin, department, _options.OpenAfter, items.Select(i => i.Item).ToList()), cancellationToken);
            }
            catch (EmailDeliveryException ex)
            {
                // Claims stay unmarked: the next run takes them over and tries again.
                LogEscalationFailed(ex, department, ex.IsTransient);
                continue;
            }

            foreach (var (_, claim) in items)
            {
                await ledger.MarkSentAsync(claim, cancellationToken);
            }

            escalated += items.Count;
            emails++;
            LogEscalated(department, items.Count);
        }

        return new EscalationRunSummary(overdue, escalated, emails);
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Escalated {Count} open critical matches in department '{Department}'")]
    private partial void LogEscalated(string department, int count);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Critical match {DeviceId}/{AdvisoryId} is overdue but department '{Department}' has no admin and Escalation:DefaultAdmin is not set")]
    private partial void LogNoAdmin(string deviceId, string advisoryId, string department);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Escalation email for department '{Department}' failed (transient: {Transient}); retried next run")]
    private partial void LogEscalationFailed(Exception exception, string department, bool transient);
}
