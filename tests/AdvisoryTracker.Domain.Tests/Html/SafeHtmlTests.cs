using System.Text;
using AdvisoryTracker.Domain.Bulletins;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Html;

namespace AdvisoryTracker.Domain.Tests.Html;

public class SafeHtmlTests
{
    [Fact]
    public void Load_HundredThousandNestedLevels_IsRejectedWithoutCrashing()
    {
        var html = new StringBuilder("<html><body>");
        html.Insert(html.Length, "<div>", 100_000).Append("deep").Insert(html.Length, "</div>", 100_000).Append("</body></html>");
        var bytes = Encoding.UTF8.GetBytes(html.ToString());

        var direct = SafeHtml.Load(bytes);
        var fda = FdaPageReader.Read(bytes, "https://www.fda.gov/x");
        var bulletin = BulletinPageReader.Read(bytes, "https://www.cisa.gov/x", BulletinPresets.CisaAdvisory());

        Assert.False(direct.Succeeded);
        Assert.Contains("nested", direct.RejectionReason, StringComparison.OrdinalIgnoreCase);
        Assert.False(fda.Succeeded);
        Assert.False(bulletin.Succeeded);
    }

    [Fact]
    public void Load_FiftyMegabytePage_IsRejectedBeforeParsing()
    {
        var bytes = new byte[50 * 1024 * 1024];
        Array.Fill(bytes, (byte)'a');
        "<html><body><p>"u8.CopyTo(bytes);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = FdaPageReader.Read(bytes, "https://www.fda.gov/x");

        Assert.False(result.Succeeded);
        Assert.Contains("over the limit", result.RejectionReason, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public void Text_EncodedMarkup_IsDecodedOnceAndStaysText()
    {
        var loaded = SafeHtml.Load("<p>&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&nbsp;x<script>evil()</script><br>y</p>");

        var text = SafeHtml.Text(loaded.Document!.DocumentNode);

        Assert.Equal("<script>alert(1)</script>&amp; x y", text);
    }
}
