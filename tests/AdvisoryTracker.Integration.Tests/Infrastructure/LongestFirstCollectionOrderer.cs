using AdvisoryTracker.TestInfrastructure.ServiceBus;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer(
    "AdvisoryTracker.Integration.Tests.Infrastructure.LongestFirstCollectionOrderer", "AdvisoryTracker.Integration.Tests")]

namespace AdvisoryTracker.Integration.Tests.Infrastructure;

/// <summary>
/// Starts the test classes that take longest first, so that with classes running in parallel (xunit.runner.json) the
/// run does not end with one long class working alone while every other slot is idle. The list is of measured totals
/// (seconds, one class alone on the 2-core machine); classes not named keep xUnit's default order after them.
/// Only the order changes: every class still runs, each on its own.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] LongestFirst =
    [
        "HardeningApiTests",            // 42 s: a private Azurite stopped mid-import, a 60,000-row import stopped by its time limit
        "EmailScreenshotTests",         // 35 s: ten Chromium screenshots
        "CsafFailureTests",             // 26 s: slow, dripping and oversized feeds
        "NotificationDeliveryTests",    // 12 s: crashed deliveries waiting out the visibility timeout
        "SourceBudgetTests",            // 8 s: a slow source stopped at its 4 s budget
        ServiceBusBrokerFixture.CollectionName, // 7 s: the broker's own tests and the Service Bus queue contract
        "SmtpReplyTests",
        "KnownExploitedPipelineTests",
        "OperationsApiTests",
        "EmailActionLinkTests",
        "DeviceImportApiTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .Select((collection, index) => (collection, index, rank: Rank(collection.DisplayName)))
            .OrderBy(c => c.rank)
            .ThenBy(c => c.index)
            .Select(c => c.collection)
            .ToList();

    private static int Rank(string displayName)
    {
        // A class's own collection is named "Test collection for <namespace>.<class>"; a shared one by its definition.
        var name = displayName.StartsWith("Test collection for ", StringComparison.Ordinal) ? displayName[(displayName.LastIndexOf('.') + 1)..] : displayName;
        var rank = Array.IndexOf(LongestFirst, name);
        return rank < 0 ? LongestFirst.Length : rank;
    }
}
