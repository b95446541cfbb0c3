using System.Net;
using System.Text;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

/// <summary>
/// Prescribed devices through the real API on Azurite: a patient count (a count, never identities) and prescribing
/// clinicians, in JSON and CSV (optional columns: old files stay valid), validated, stored and exported.
/// </summary>
public sealed class PrescribedDeviceApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static object Pump(object? patientCount, object? prescribers) => new Dictionary<string, object?>
    {
        ["id"] = "pump-rx-1",
        ["manufacturer"] = "SOOIL",
        ["model"] = "Dana Diabecare RS",
        ["version"] = "2.9",
        ["segment"] = "on-body",
        ["department"] = "Diabetes clinic",
        ["contacts"] = new[] { "diabetes.nurse@example.org" },
        ["patientCount"] = patientCount,
        ["prescribers"] = prescribers,
    };

    [Fact]
    public async Task Register_WithPatientCountAndPrescribers_StoresAndReturnsThem_AndPrescribersAreNotified()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        var created = await api.JsonAsync(await api.SendAsync(HttpMethod.Post, "api/devices", Pump(14, new[] { "dr.lee@example.org" })), HttpStatusCode.Created);
        var read = await api.GetJsonAsync("api/devices/pump-rx-1");

        Assert.Equal(14, created.GetProperty("patientCount").GetInt32());
        Assert.Equal(14, read.GetProperty("patientCount").GetInt32());
        Assert.Equal(["dr.lee@example.org"], read.GetProperty("prescribers").EnumerateArray().Select(e => e.GetString()));
        var stored = (await runner.Get<IDeviceRegistry>().GetAsync("pump-rx-1", CancellationToken.None))!.Device;
        Assert.Equal(["diabetes.nurse@example.org", "dr.lee@example.org"], stored.Recipients);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2.5)]
    [InlineData("14")]
    [InlineData(1e12)]
    public async Task Register_BadPatientCount_Is400NamingTheField_AndStoresNothing(object count)
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Post, "api/devices", Pump(count, null)), HttpStatusCode.BadRequest, "patientCount");

        Assert.Equal(0, await api.DeviceCountAsync());
    }

    [Fact]
    public async Task Register_BadPrescriber_Is400NamingTheEntry()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Post, "api/devices", Pump(3, new[] { "not-an-email" })), HttpStatusCode.BadRequest, "prescribers[0]");
    }

    [Fact]
    public async Task Csv_OldFilesStayValid_NewColumnsImportAndExport_AndABadCountIsALineError()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);
        Task<HttpResponseMessage> ImportAsync(string csv) =>
            api.SendAsync(HttpMethod.Post, "api/devices/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var old = await api.JsonAsync(await ImportAsync("id,manufacturer,model,version,segment,department,contacts\nold-1,BD,Alaris,1,in-hospital,ICU,a@example.org\n"));
        var withRx = await api.JsonAsync(await ImportAsync(
            "id,manufacturer,model,version,segment,department,contacts,patientCount,prescribers\n" +
            "cgm-1,Dexcom,G7,,on-body,Endocrinology,endo@example.org,14,dr.lee@example.org;dr.kim@example.org\n"));
        var bad = await ImportAsync("id,manufacturer,model,version,segment,department,contacts,patientCount\ncgm-2,Dexcom,G7,,on-body,Endo,endo@example.org,many\n");

        Assert.Equal(1, old.GetProperty("stored").GetInt32());
        Assert.Equal(1, withRx.GetProperty("stored").GetInt32());
        var cgm = (await runner.Get<IDeviceRegistry>().GetAsync("cgm-1", CancellationToken.None))!.Device;
        Assert.Equal(14, cgm.PatientCount);
        Assert.Equal(["dr.lee@example.org", "dr.kim@example.org"], cgm.Prescribers);
        Assert.Null((await runner.Get<IDeviceRegistry>().GetAsync("old-1", CancellationToken.None))!.Device.PatientCount);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("patientCount", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await runner.Get<IDeviceRegistry>().GetAsync("cgm-2", CancellationToken.None));
        var exported = await (await api.SendAsync(HttpMethod.Get, "api/devices/export")).Content.ReadAsStringAsync();
        Assert.Contains("cgm-1,Dexcom,G7,,on-body,Endocrinology,endo@example.org,,,14,dr.lee@example.org;dr.kim@example.org\r\n", exported, StringComparison.Ordinal);
    }
}
