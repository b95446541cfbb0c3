using System.Runtime.CompilerServices;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>
/// Escalation of critical matches left open: one email per department admin and run, each match escalated once. In-memory
/// fakes of the ports (<see cref="NotificationHarness"/>): these are unit tests of the domain logic; the emulator-backed
/// tests (Azurite match rows and ledger, MailDev) cover the adapters.
/// </summary>
public sealed class EscalationServiceTests
{
    private const string Admin = "icu-admin@example.org";

    private sealed class OpenMatches(NotificationHarness h) : IOpenMatchQuery
    {
        public async IAsyncEnumerable<OpenMatch> ListOpenFlaggedAsync(DateTimeOffset raisedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            foreach (var match in h.World.Matches.Values)
            {
                yield return new OpenMatch(match.DeviceId, match.AdvisoryId, match.Revision, match.Status, raisedBefore.AddDays(-1));
            }
        }
    }

    private static EscalationService Escalation(NotificationHarness h) =>
        new(
            new OpenMatches(h),
            h.World.Reader(),
            h.Delivery,
            Options.Create(new EscalationOptions { DepartmentAdmins = new(StringComparer.OrdinalIgnoreCase) { ["ICU"] = Admin } }),
            h.World.Time,
            NullLogger<EscalationService>.Instance);

    private static NotificationHarness World()
    {
        var h = new NotificationHarness();
        Device[] pumps = [NotificationHarness.Pump("pump-1", "nurse@example.org"), NotificationHarness.Pump("pump-2", "nurse@example.org")];
        h.World.Add(NotificationHarness.Advisory("ADV-CRIT", "CRITICAL", 9.8), pumps.Select(p => (p, MatchStatus.Affected)).ToArray());
        h.World.Add(NotificationHarness.Advisory("ADV-HIGH", "HIGH", 8.1), (pumps[0], MatchStatus.Affected));
        h.World.Devices["pump-3"] = NotificationHarness.Pump("pump-3", "nurse@example.org") with { Department = "Radiology" };
        h.World.Add(NotificationHarness.Advisory("ADV-CRIT-2", "CRITICAL", 9.1), (h.World.Devices["pump-3"], MatchStatus.Affected));
        return h;
    }

    [Fact]
    public async Task Run_SendsOneEmailPerAdminForTheCriticalMatches_AndARerunSendsNothing()
    {
        var h = World();

        var first = await Escalation(h).RunAsync(CancellationToken.None);
        var again = await Escalation(h).RunAsync(CancellationToken.None);

        // Three critical matches are overdue; Radiology has no admin and no default is set.
        Assert.Equal((3, 2, 1), (first.Overdue, first.Escalated, first.Emails));
        Assert.Equal((0, 0), (again.Escalated, again.Emails));
        var email = Assert.Single(h.Smtp.Sent);
        Assert.Equal(Admin, email.To);
        Assert.Contains("pump-1", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("pump-2", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("ADV-HIGH", email.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, h.Ledger.Marks);
    }

    [Fact]
    public async Task Run_SmtpFails_LeavesTheClaimsUnmarked_AndTheNextRunEscalatesThem()
    {
        var h = World();
        h.Smtp.Failures.Enqueue(new EmailDeliveryException("421", isTransient: true));

        var failed = await Escalation(h).RunAsync(CancellationToken.None);
        Assert.Equal((0, 0), (failed.Escalated, failed.Emails));
        Assert.Equal(0, h.Ledger.Marks);

        var retried = await Escalation(h).RunAsync(CancellationToken.None);

        Assert.Equal((2, 1), (retried.Escalated, retried.Emails));
        Assert.Single(h.Smtp.Sent);
    }
}
