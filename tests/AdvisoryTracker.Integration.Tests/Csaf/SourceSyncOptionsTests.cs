using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Domain.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Csaf;

/// <summary>The <c>Sources</c> settings as the product binds them (through <c>AddCsafSources</c>).</summary>
public sealed class SourceSyncOptionsTests
{
    [Fact]
    public void Bind_NoSettings_HeartbeatIsOneHourAndStaleAfterTwoDays()
    {
        var options = Resolve(new Dictionary<string, string?>());

        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromDays(2)), (options.HealthHeartbeat, options.StaleAfter));
    }

    [Fact]
    public void Bind_HeartbeatSetting_IsUsed()
    {
        var options = Resolve(new Dictionary<string, string?> { ["Sources:HealthHeartbeat"] = "00:15:00" });

        Assert.Equal(TimeSpan.FromMinutes(15), options.HealthHeartbeat);
    }

    [Theory]
    [InlineData("00:00:00", "1.00:00:00")]
    [InlineData("1.00:00:00", "1.00:00:00")]
    [InlineData("3.00:00:00", "2.00:00:00")]
    public void Bind_HeartbeatNotShorterThanStaleAfter_FailsWithTheSettingNamed(string heartbeat, string staleAfter)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?>
        {
            ["Sources:HealthHeartbeat"] = heartbeat,
            ["Sources:StaleAfter"] = staleAfter,
        }));

        Assert.Equal(
            $"Sources__HealthHeartbeat: must be positive and shorter than Sources__StaleAfter (is {TimeSpan.Parse(heartbeat, System.Globalization.CultureInfo.InvariantCulture)}, StaleAfter {TimeSpan.Parse(staleAfter, System.Globalization.CultureInfo.InvariantCulture)})",
            Assert.Single(error.Failures));
    }

    private static SourceSyncOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCsafSources(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SourceSyncOptions>>().Value;
    }
}
