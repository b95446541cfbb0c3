using System.Net;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Api;

[Collection(EmulatorCollection.Name)]
public sealed class OperationsApiTests(AzuriteFixture azurite, MailDevFixture mail)
{
    /// <summary>Without a source-state store or dead-letter reader registered, the routes say so (503), never crash.</summary>
    [Theory]
    [InlineData("GET", "api/sources")]
    [InlineData("GET", "api/notifications/dead-letters")]
    [InlineData("POST", "api/notifications/dead-letters/replay")]
    public async Task Operations_ServiceNotRegistered_Returns503Problem(string method, string path)
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);

        var problem = await ApiClient.ProblemAsync(await new ApiClient(runner).SendAsync(new HttpMethod(method), path), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Not available", problem.GetProperty("title").GetString());
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
