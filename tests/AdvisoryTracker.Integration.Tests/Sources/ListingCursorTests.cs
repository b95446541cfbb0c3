using AdvisoryTracker.Adapters.Sources.Bulletins;
using AdvisoryTracker.Domain.Sources;

namespace AdvisoryTracker.Integration.Tests.Sources;

public sealed class ListingCursorTests
{
    private static readonly DateTimeOffset Day = new(2026, 6, 3, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pending_ItemsSharingTheCursorDate_AreNotSkippedUntilHandled()
    {
        var state = new SourceState { SourceName = "s" };
        var a = new ListedItem("https://www.fda.gov/a", Day, "a");
        var b = new ListedItem("https://www.fda.gov/b", Day, "b");
        ListingCursor.Advance(state, a);

        var pending = ListingCursor.Pending([a, b], state);

        Assert.Equal([b], pending);
    }

    [Fact]
    public void Pending_OlderThanCursor_IsSkippedAndRedatedItemIsPendingAgain()
    {
        var state = new SourceState { SourceName = "s" };
        var original = new ListedItem("https://www.fda.gov/a", Day, "a");
        ListingCursor.Advance(state, original);
        var older = new ListedItem("https://www.fda.gov/old", Day.AddDays(-3), "old");
        var updated = original with { Date = Day.AddDays(1) };

        var pending = ListingCursor.Pending([older, original, updated], state);

        Assert.Equal([updated], pending);
    }

    [Fact]
    public void Pending_OrdersOldestFirstWithUndatedLastAndDropsDuplicates()
    {
        var state = new SourceState { SourceName = "s" };
        var undated = new ListedItem("https://x/u", null, "u");
        var newer = new ListedItem("https://x/n", Day.AddDays(1), "n");
        var older = new ListedItem("https://x/o", Day, "o");

        var pending = ListingCursor.Pending([undated, newer, older, newer], state);

        Assert.Equal([older, newer, undated], pending);
    }

    [Fact]
    public void Advance_ManyItems_KeepsTheSeenListBounded()
    {
        var state = new SourceState { SourceName = "s" };

        for (var i = 0; i < ListingCursor.MaxSeen + 50; i++)
        {
            ListingCursor.Advance(state, new ListedItem($"https://x/{i}", null, ""));
        }

        Assert.Equal(ListingCursor.MaxSeen, state.Extra[ListingCursor.SeenKey].Split(' ').Length);
        Assert.Null(state.Cursor);
    }
}
