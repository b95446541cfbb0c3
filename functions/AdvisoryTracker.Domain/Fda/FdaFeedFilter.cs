using AdvisoryTracker.Domain.Feeds;

namespace AdvisoryTracker.Domain.Fda;

/// <summary>
/// Keeps the medical-device items of FDA feeds. MedWatch mixes device safety communications, device recalls, food and
/// drug recalls and even listing pages, so the link path decides first and the text only for the general recalls path.
/// </summary>
public static class FdaFeedFilter
{
    private const string SafetyCommunicationsPath = "/medical-devices/safety-communications/";
    private const string DeviceRecallsPath = "/medical-devices/medical-device-recalls-and-early-alerts/";
    private const string GeneralRecallsPath = "/safety/recalls-market-withdrawals-safety-alerts/";

    private static readonly string[] DeviceWords =
    [
        "medical device", "device correction", "device recall", "insulin pump", "pods", "glucose monitor", "cgm",
        "pacemaker", "defibrillator", "infusion pump", "ventilator", "catheter", "patient monitor", "sensor", "dexcom",
    ];

    public static FdaItemKind Classify(FeedItem item)
    {
        var path = PathOf(item.Link);
        if (path.Contains(SafetyCommunicationsPath, StringComparison.OrdinalIgnoreCase))
        {
            var slug = path[(path.IndexOf(SafetyCommunicationsPath, StringComparison.OrdinalIgnoreCase) + SafetyCommunicationsPath.Length)..].Trim('/');
            return IsListingSlug(slug) ? FdaItemKind.ListingPage : FdaItemKind.DeviceSafetyCommunication;
        }

        if (path.Contains(DeviceRecallsPath, StringComparison.OrdinalIgnoreCase))
        {
            return FdaItemKind.DeviceRecall;
        }

        if (path.Contains(GeneralRecallsPath, StringComparison.OrdinalIgnoreCase))
        {
            var text = $"{item.Title} {item.Summary}";
            return DeviceWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) ? FdaItemKind.DeviceRecall : FdaItemKind.NotDevice;
        }

        return FdaItemKind.NotDevice;
    }

    public static bool IsDeviceItem(FeedItem item) => Classify(item) is FdaItemKind.DeviceSafetyCommunication or FdaItemKind.DeviceRecall;

    private static bool IsListingSlug(string slug) =>
        slug.Length == 0 || slug.EndsWith("safety-communications", StringComparison.OrdinalIgnoreCase) || slug.Contains('/', StringComparison.Ordinal);

    private static string PathOf(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var url) ? url.AbsolutePath : link;
}
