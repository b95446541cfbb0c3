using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Domain.Tests.Hardening;

/// <summary>Issue #14, row "device ids are case-sensitive in the registry but not in the match CLI, which also accepts ids the registry refuses".</summary>
public sealed class DeviceIdPolicyTests
{
    private const string Header = "id,manufacturer,model,version,segment,department,contacts\n";

    [Theory]
    [InlineData("pump-1", true)]
    [InlineData("Pump.2_b", true)]
    [InlineData("bad id", false)]
    [InlineData("-leading", false)]
    [InlineData("a/b", false)]
    [InlineData("import", false)]
    [InlineData("pump<script>", false)]
    public void DeviceIds_TheMatchCliAcceptsExactlyWhatTheRegistryAccepts(string id, bool valid)
    {
        var cli = DeviceCsv.Parse(Header + $"{id},Mirion Medical,BioDose,22.02,in-hospital,NM,a@example.org\n");

        Assert.Equal(valid, DeviceValidator.IsValidId(id));
        Assert.Equal(valid, cli.Succeeded);
    }

    [Fact]
    public void DeviceIds_AreCaseSensitive_InTheMatchCliAsInTheRegistry()
    {
        var cli = DeviceCsv.Parse(Header +
            "Pump-1,Mirion Medical,BioDose,22.02,in-hospital,NM,a@example.org\n" +
            "pump-1,Mirion Medical,BioDose,22.02,in-hospital,NM,a@example.org\n");

        Assert.True(cli.Succeeded, string.Join("; ", cli.Errors.Select(e => e.Message)));
        Assert.Equal(["Pump-1", "pump-1"], cli.Devices.Select(d => d.Id));
    }
}
