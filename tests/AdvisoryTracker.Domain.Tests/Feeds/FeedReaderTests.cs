using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Feeds;

namespace AdvisoryTracker.Domain.Tests.Feeds;

public class FeedReaderTests
{
    private static Feed ReadFeed(string file)
    {
        var result = FeedReader.Read(Fixture.Bytes("rss", file));
        Assert.True(result.Succeeded, result.RejectionReason);
        return result.Feed!;
    }

    [Theory]
    [InlineData("fda_medwatch_safety_alerts_rss_2026-06-04.xml", 20)]
    [InlineData("fda_recalls_market_withdrawals_rss_2026-06-04.xml", 20)]
    [InlineData("fda_drugs_whatsnew_rss_2026-06-04.xml", 20)]
    [InlineData("fda_drugs_whatsnew_rss_excerpt_2026-09-25.xml", 4)]
    [InlineData("cisa_all_advisories_rss_EXCERPT_first2items_2026-08-31.xml", 2)]
    [InlineData("siemens_productcert_advisories_atom_2025-03-13.xml", 1959)]
    public void Read_RealFeed_ReadsEveryItemWithDateAndLink(string file, int expectedItems)
    {
        var feed = ReadFeed(file);

        Assert.Equal(expectedItems, feed.Items.Count);
        Assert.All(feed.Items, i => Assert.True(FeedReader.IsHttpUrl(i.Link), i.Link));
        Assert.All(feed.Items, i => Assert.NotNull(i.Published));
        Assert.All(feed.Items, i => Assert.Equal(i.Title.Trim(), i.Title));
    }

    [Fact]
    public void Read_FdaMedWatch_MapsEdtZoneNameToMinusFourHours()
    {
        var first = ReadFeed("fda_medwatch_safety_alerts_rss_2026-06-04.xml").Items[0];

        Assert.Equal(new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.FromHours(-4)), first.Published);
        Assert.StartsWith("http://www.fda.gov/medical-devices/safety-communications/update-hintermann", first.Link, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CisaAllAdvisories_ReadsTwoDigitYearAndResolvesLinkAgainstXmlBase()
    {
        var items = ReadFeed("cisa_all_advisories_rss_EXCERPT_first2items_2026-08-31.xml").Items;

        Assert.Equal(new DateTimeOffset(2026, 8, 31, 12, 0, 0, TimeSpan.Zero), items[0].Published);
        Assert.Equal(new DateTimeOffset(2026, 8, 27, 12, 0, 0, TimeSpan.Zero), items[1].Published);
        Assert.All(items, i => Assert.StartsWith("https://www.cisa.gov/", i.Link, StringComparison.Ordinal));
        Assert.Contains(items, i => i.Summary.Contains("CVE-", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SiemensAtom_ReadsIdTitleAndUpdated()
    {
        var items = ReadFeed("siemens_productcert_advisories_atom_2025-03-13.xml").Items;

        Assert.StartsWith("SSA-", items[0].Title, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 0, 0, 0, TimeSpan.Zero), items.Max(i => i.Updated));
        Assert.True(items.Count(i => i.Link.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) > 1000);
        Assert.True(items.Count(i => i.Title.Contains("Healthineers", StringComparison.OrdinalIgnoreCase) || i.Summary.Contains("Healthineers", StringComparison.OrdinalIgnoreCase)) >= 10);
    }

    [Fact]
    public void Classify_MedWatch_KeepsDeviceItemsAndDropsListingPage()
    {
        var items = ReadFeed("fda_medwatch_safety_alerts_rss_2026-06-04.xml").Items;
        var kinds = items.GroupBy(FdaFeedFilter.Classify).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(2, kinds[FdaItemKind.DeviceSafetyCommunication]);
        Assert.Equal(1, kinds[FdaItemKind.ListingPage]);
        // 15 on the device recalls path, plus Dexcom and Insulet (device firms announcing on the general recalls path).
        Assert.Equal(17, kinds[FdaItemKind.DeviceRecall]);
        Assert.Equal(19, items.Count(FdaFeedFilter.IsDeviceItem));
    }

    [Fact]
    public void Classify_RecallsFeed_DropsFoodAndDrugRecalls()
    {
        var items = ReadFeed("fda_recalls_market_withdrawals_rss_2026-06-04.xml").Items;
        var devices = items.Where(FdaFeedFilter.IsDeviceItem).Select(i => i.Title).ToList();

        Assert.Equal(2, devices.Count);
        Assert.Contains(devices, t => t.Contains("Insulet", StringComparison.Ordinal));
        Assert.Contains(devices, t => t.Contains("Dexcom", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_DrugsFeed_KeepsNothing()
    {
        var items = ReadFeed("fda_drugs_whatsnew_rss_2026-06-04.xml").Items;

        Assert.DoesNotContain(items, FdaFeedFilter.IsDeviceItem);
    }

    [Fact]
    public void Read_ItemWithoutDateAndRelativeGuid_IsKeptUndatedWithAbsoluteLink()
    {
        // The CISA item shape with its pubDate removed and only the relative Drupal guid as link.
        var xml = """<rss version="2.0" xml:base="https://www.cisa.gov/"><channel><title>t</title><item><title> x </title><guid isPermaLink="false">/node/25375</guid></item></channel></rss>""";

        var item = Assert.Single(FeedReader.Read(System.Text.Encoding.UTF8.GetBytes(xml)).Feed!.Items);

        Assert.Null(item.Published);
        Assert.Equal("https://www.cisa.gov/node/25375", item.Link);
        Assert.Equal("x", item.Title);
    }

    [Fact]
    public void Read_HtmlErrorPage_IsRejectedWithReason()
    {
        var result = FeedReader.Read("<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>"u8.ToArray());

        Assert.False(result.Succeeded);
        Assert.Contains("XML", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XhtmlErrorPage_IsRejectedAsNotAFeed()
    {
        var result = FeedReader.Read("<html><body><p>Access denied</p></body></html>"u8.ToArray());

        Assert.False(result.Succeeded);
        Assert.Contains("<html>", result.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExternalEntity_IsRejectedNotResolved()
    {
        var xml = """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>""";

        var result = FeedReader.Read(System.Text.Encoding.UTF8.GetBytes(xml));

        Assert.False(result.Succeeded);
    }

    [Theory]
    [InlineData("Wed, 03 Jun 2026 00:00:00 EDT", "2026-06-03T04:00:00Z")]
    [InlineData("Tue, 06 Jan 2026 09:30:00 EST", "2026-01-06T14:30:00Z")]
    [InlineData("Thu, 27 Aug 26 12:00:00 +0000", "2026-08-27T12:00:00Z")]
    [InlineData("27 Aug 1999 12:00 GMT", "1999-08-27T12:00:00Z")]
    [InlineData("2025-03-13T00:00:00+00:00", "2025-03-13T00:00:00Z")]
    [InlineData("2023-03-02T12:00:00Z", "2023-03-02T12:00:00Z")]
    [InlineData("20120815", "2012-08-15T00:00:00Z")]
    [InlineData("Date Issued: January 30, 2025", "2025-01-30T00:00:00Z")]
    [InlineData("March 03, 2020", "2020-03-03T00:00:00Z")]
    public void Parse_RealDateForms_GivesTheInstant(string text, string expectedUtc)
    {
        var parsed = FeedDates.Parse(text);

        Assert.NotNull(parsed);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), parsed!.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("Wed, 31 Feb 2026 00:00:00 EST")]
    public void Parse_NoDate_GivesNull(string text) => Assert.Null(FeedDates.Parse(text));
}
