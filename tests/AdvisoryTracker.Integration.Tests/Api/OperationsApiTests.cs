using System.Net;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

public sealed class OperationsApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    [Fact]
    public async Task Sources_AfterASync_ReportsEachSourceHealthAndCounters()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["CsafSources:0:Name"] = "sample-folder",
            ["CsafSources:0:Kind"] = "Folder",
            ["CsafSources:0:Location"] = Path.Combine(RepositoryPaths.Root, "infra", "sample-advisories"),
        });
        var reports = await runner.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: null, CancellationToken.None);
        Assert.Equal(SourceSyncStatus.Succeeded, Assert.Single(reports).Status);

        var body = await new ApiClient(runner).GetJsonAsync("api/sources");

        var source = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal("sample-folder", source.GetProperty("name").GetString());
        Assert.Equal("healthy", source.GetProperty("health").GetString());
        Assert.Equal(7, source.GetProperty("documentsStored").GetInt64());
        Assert.Equal(0, source.GetProperty("consecutiveFailures").GetInt32());
    }

    [Fact]
    public async Task DeadLetters_UndecodableMessage_IsListedWithItsReasonAndReplayedToTheQueue()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var queue = await runner.Get<TrackerStorage>().QueueAsync("notifications", CancellationToken.None);
        await queue.SendMessageAsync(BinaryData.FromString("this is not a notification"));
        var drained = await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);
        Assert.Equal(1, drained.DeadLettered);
        var client = new ApiClient(runner);

        var listed = Assert.Single((await client.GetJsonAsync("api/notifications/dead-letters")).GetProperty("items").EnumerateArray());
        Assert.Equal("UndecodableMessage", listed.GetProperty("reason").GetString());

        var replay = await client.JsonAsync(await client.SendAsync(HttpMethod.Post, "api/notifications/dead-letters/replay"));
        Assert.Equal(1, replay.GetProperty("replayed").GetInt32());
        Assert.Empty((await client.GetJsonAsync("api/notifications/dead-letters")).GetProperty("items").EnumerateArray());
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Theory]
    [InlineData("api/notifications/dead-letters?max=0", "max")]
    [InlineData("api/notifications/dead-letters?max=501", "max")]
    [InlineData("api/notifications/dead-letters?max=ten", "max")]
    public async Task DeadLetters_BadMax_Returns400(string path, string field)
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);

        await ApiClient.ProblemAsync(await new ApiClient(runner).SendAsync(HttpMethod.Get, path), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Health_StorageUnreachable_Returns503WithoutDetails()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Convert.ToBase64String(new byte[64]) +
                ";TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        });

        var response = await new ApiClient(runner).SendAsync(HttpMethod.Get, "api/health", key: null);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"status\":\"degraded\",\"storage\":\"unreachable\"}", text);
    }
}
