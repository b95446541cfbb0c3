using System.Text.Json;
using AdvisoryTracker.Cli.Commands;

namespace AdvisoryTracker.Integration.Tests.Sources;

public sealed class BulletinTestCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await new BulletinTestCommand().RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Run_PresetOnSavedCisaPage_PrintsExtractedFieldsAsJson()
    {
        var (code, output, _) = await RunAsync(
            "--config", "cisa-advisory",
            "--file", FdaSafetyCommunicationSourceTests.FixturePath("html", "cisa", "cisa_icsma-23-061-01_medtronic-micro-clinician-interstim_full-page_2026-02-06.html"));

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("ICSMA-23-061-01", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("Medtronic", json.RootElement.GetProperty("vendors")[0].GetString());
        Assert.Equal(2, json.RootElement.GetProperty("products").GetArrayLength());
    }

    [Fact]
    public async Task Run_LocalSettingsSection_ReadsTheConfiguredSite()
    {
        var settings = Path.Combine(Path.GetTempPath(), $"bulletin-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(settings, """
            { "Values": { "HtmlBulletins__0__Preset": "fda-page", "HtmlBulletins__0__Name": "fda-test", "HtmlBulletins__0__Publisher": "FDA" } }
            """);
        try
        {
            var (code, output, error) = await RunAsync(
                "--config", settings + "#HtmlBulletins__0",
                "--file", FdaSafetyCommunicationSourceTests.FixturePath("html", "fda", "fda_safety-communication_contec-epsimed-patient-monitors_2025-01-30_fetched-2026-02-06.html"));

            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            Assert.Equal("fda-test", json.RootElement.GetProperty("configuration").GetString());
            Assert.Equal("CMS8000", json.RootElement.GetProperty("products")[0].GetProperty("product").GetString());
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Fact]
    public async Task Run_RejectedPage_ExitsOneWithReasonOnStderr()
    {
        var (code, output, error) = await RunAsync(
            "--config", "cisa-advisory",
            "--file", FdaSafetyCommunicationSourceTests.FixturePath("html", "cisa", "cisa_alert_2025-04-04_ivanti_full-page_NEGATIVE.html"));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("rejected", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config", "cisa-advisory")]
    [InlineData("--config", "no-such-preset-or-file", "--file", "x.html")]
    public async Task Run_BadArguments_ExitsTwo(params string[] args)
    {
        var (code, output, _) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
    }
}
