using System.Diagnostics;
using System.Text;
using AdvisoryTracker.Domain.Feeds;
using AdvisoryTracker.Domain.Html;

namespace AdvisoryTracker.Domain.Tests.Hardening;

/// <summary>
/// Issue #14, row "RSS/Atom nested N levels deep parses in super-linear time ... an HTML page with 560k &lt;p&gt;
/// takes 8.5 s and ~670 MB": crafted documents built in the test, refused fast and within a memory bound.
/// </summary>
public sealed class ParserBudgetTests
{
    [Theory]
    [InlineData(100_000)]
    [InlineData(700_000)] // about what the 5 MB cap allows
    public void Feed_NestedHundredsOfThousandsOfLevels_IsRefusedFast(int levels)
    {
        var xml = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>https://example.org/a</link>");
        xml.Insert(xml.Length, "<a>", levels).Append('x').Insert(xml.Length, "</a>", levels).Append("</item></channel></rss>");
        var bytes = Encoding.UTF8.GetBytes(xml.ToString());
        var clock = Stopwatch.StartNew();

        var result = FeedReader.Read(bytes);

        Assert.False(result.Succeeded);
        Assert.Contains("deeper than", result.RejectionReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Feed_Parsing_HonoursCancellation()
    {
        var xml = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title>");
        for (var i = 0; i < 20_000; i++)
        {
            xml.Append("<item><title>x</title><link>https://example.org/").Append(i).Append("</link></item>");
        }

        xml.Append("</channel></rss>");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => FeedReader.Read(Encoding.UTF8.GetBytes(xml.ToString()), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Feed_RealShape_StillReads()
    {
        var xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>https://example.org/a</link></item></channel></rss>"u8.ToArray();

        Assert.Single(FeedReader.Read(xml).Feed!.Items);
    }

    [Fact]
    public void Html_FiveHundredSixtyThousandParagraphs_IsRefusedWithoutBuildingTheTree()
    {
        var html = new StringBuilder("<html><body>");
        html.Insert(html.Length, "<p>x</p>", 560_000).Append("</body></html>");
        var bytes = Encoding.UTF8.GetBytes(html.ToString()); // about 4.5 MB, under the 5 M character cap
        Assert.InRange(bytes.Length, 4_000_000, 5 * 1024 * 1024);
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var result = SafeHtml.Load(bytes);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.False(result.Succeeded);
        Assert.Contains("elements", result.RejectionReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB");
    }
}
