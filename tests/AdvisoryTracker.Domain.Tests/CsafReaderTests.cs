using AdvisoryTracker.Domain.Csaf;

namespace AdvisoryTracker.Domain.Tests;

public sealed class CsafReaderTests
{
    [Fact]
    public void Read_RealIcsmaDocument_ReadsTrackingAndProducts()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "fixtures", "csaf", "icsma", "icsma-25-336-01.json"));
        var result = new CsafReader().Read(bytes);
        Assert.True(result.Succeeded, result.RejectionReason);
        Assert.Equal("ICSMA-25-336-01", result.Advisory!.Id);
        Assert.Equal("Mirion Medical", Assert.Single(result.Advisory.Products).Vendor);
    }
}
