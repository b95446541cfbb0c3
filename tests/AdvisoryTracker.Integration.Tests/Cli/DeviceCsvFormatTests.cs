using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Integration.Tests.Cli;

/// <summary>The one device CSV format the CLI (<c>match</c>, <c>devices</c>) and the API share: pure, no emulator.</summary>
public sealed class DeviceCsvFormatTests
{
    [Fact]
    public void Write_FormulaLikeValues_AreProtectedAndParseRestoresThem()
    {
        var device = new Device
        {
            Id = "f-1",
            Manufacturer = "=HYPERLINK(\"http://x\")",
            Model = "'-already quoted",
            Version = "+1",
            Segment = CareSegment.InHospital,
            Department = "@ICU",
            Contacts = ["a@example.org"],
        };

        var csv = DeviceCsv.Write([device]);
        var again = DeviceCsv.Parse(csv);

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\",''-already quoted,'+1,in-hospital,'@ICU,", csv, StringComparison.Ordinal);
        Assert.True(again.Succeeded, string.Join("\n", again.Errors));
        var read = Assert.Single(again.Devices);
        Assert.Equal((device.Manufacturer, device.Model, device.Version, device.Department), (read.Manufacturer, read.Model, read.Version, read.Department));
    }

    [Fact]
    public void ReadRows_BomCrlfAndColumnsInAnyOrder_KeepsLineNumbers()
    {
        const string csv = "\uFEFFcontacts,id,model,manufacturer,segment,department,version,fdaProductCode\r\n"
            + "a@example.org;b@example.org,p-1,\"Alaris\r\n8015\",BD,in-hospital,ICU,12.1,FRN\r\n"
            + "\r\n"
            + "c@example.org,p-2,G7,Dexcom,on-body,Endocrinology,,\r\n";

        var read = DeviceCsv.ReadRows(csv);

        Assert.Empty(read.Errors);
        Assert.Equal([2, 5], read.Rows.Select(r => r.Line));
        var (_, pump) = read.Rows[0];
        Assert.Equal(("p-1", "BD", "Alaris\r\n8015", "12.1", "FRN"), (pump.Id, pump.Manufacturer, pump.Model, pump.Version, pump.FdaProductCode));
        Assert.Equal(["a@example.org", "b@example.org"], pump.Contacts);
    }

    [Fact]
    public void Parse_StrayQuote_ReportsItsLineAndReadsNoFurther()
    {
        const string csv = "id,manufacturer,model,version,segment,department,contacts\n"
            + "d-1,BD,Alaris,1,in-hospital,ICU,a@example.org\n"
            + "d-2,B\"D,Alaris,1,in-hospital,ICU,a@example.org\n"
            + "d-3,BD,Alaris,1,in-hospital,ICU,a@example.org\n";

        var result = DeviceCsv.Parse(csv);

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.LineNumber);
        Assert.Contains("a quote may only open a field", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Devices);
    }
}
