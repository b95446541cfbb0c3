using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Sources;

namespace AdvisoryTracker.Adapters.Sources.Bulletins;

/// <summary>One entry of a listing (feed item or listing-page link): the page to fetch and its date when the listing gives one.</summary>
public sealed record ListedItem(string Link, DateTimeOffset? Date, string Title);

/// <summary>
/// The incremental position of a listing-driven source, kept in <see cref="SourceState"/>: <see cref="SourceState.Cursor"/>
/// holds the newest item date processed (UTC, round-trip format) and <c>Extra["seen"]</c> a bounded list of short hashes of
/// (link, date) pairs already processed, so items sharing a date (FDA feeds date every item 00:00) or listings without
/// dates are neither skipped nor fetched twice, and a re-dated (updated) page is fetched again.
/// </summary>
public static class ListingCursor
{
    public const string SeenKey = "seen";
    public const int MaxSeen = 600;

    /// <summary>Items not processed yet, oldest first (undated items last, in listing order).</summary>
    public static IReadOnlyList<ListedItem> Pending(IEnumerable<ListedItem> items, SourceState state)
    {
        var cursor = CursorDate(state);
        var seen = Seen(state);
        return items
            .Where(i => !(cursor is { } c && i.Date is { } d && d < c))
            .Where(i => !seen.Contains(KeyOf(i)))
            .Select((item, index) => (item, index))
            .OrderBy(x => x.item.Date is null ? 1 : 0)
            .ThenBy(x => x.item.Date)
            .ThenBy(x => x.index)
            .Select(x => x.item)
            .DistinctBy(KeyOf)
            .ToList();
    }

    /// <summary>Marks an item processed (stored or recorded as rejected) and moves the cursor to its date when newer.</summary>
    public static void Advance(SourceState state, ListedItem item)
    {
        if (item.Date is { } date && (CursorDate(state) is not { } current || date > current))
        {
            state.Cursor = date.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        var seen = state.Extra.TryGetValue(SeenKey, out var text) ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList() : [];
        seen.Add(KeyOf(item));
        if (seen.Count > MaxSeen)
        {
            seen.RemoveRange(0, seen.Count - MaxSeen);
        }

        state.Extra[SeenKey] = string.Join(' ', seen);
    }

    public static DateTimeOffset? CursorDate(SourceState state) =>
        DateTimeOffset.TryParse(state.Cursor, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cursor) ? cursor : null;

    private static HashSet<string> Seen(SourceState state) =>
        state.Extra.TryGetValue(SeenKey, out var text) ? [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)] : [];

    private static string KeyOf(ListedItem item)
    {
        var text = $"{item.Link.Trim().ToLowerInvariant()}|{item.Date?.UtcTicks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
