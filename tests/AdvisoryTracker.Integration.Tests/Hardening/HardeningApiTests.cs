using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Api;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace AdvisoryTracker.Integration.Tests.Hardening;

/// <summary>
/// Issue #14's API rows, each against the real local runner over loopback HTTP with Azurite (or with storage made
/// unreachable: a closed port, a socket that accepts and never answers, a private Azurite that is stopped mid-import).
/// </summary>
public sealed class HardeningApiTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private const string CsvHeader = "id,manufacturer,model,version,segment,department,contacts";

    private static string Path(ApiRoute route) =>
        "api/" + route.Template.Replace("{id}", "dev-1", StringComparison.Ordinal)
            .Replace("{advisoryId}", "ICSMA-25-336-01", StringComparison.Ordinal).Replace("{name}", "cisa-test", StringComparison.Ordinal);

    /// <summary>Row "X-MS-CLIENT-PRINCIPAL is trusted whenever it is present".</summary>
    [Fact]
    public async Task ForgedPrincipal_WithoutPlatformAuthentication_IsIgnored_KeyAloneNeverGrantsAdmin_AndIsNotTheActor()
    {
        var forgedAdmin = ApiClient.Principal(ApiRoles.Admin); // name claim alex.admin@example.org
        await using (var locked = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?> { ["Api:RequireRoles"] = "true" }))
        {
            var api = new ApiClient(locked);
            var write = await api.SendAsync(HttpMethod.Post, "api/devices", ApiClient.Device("forged-1"), principal: forgedAdmin);
            await ApiClient.ProblemAsync(write, HttpStatusCode.Unauthorized);
            await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Post, "api/devices", ApiClient.Device("forged-2")), HttpStatusCode.Unauthorized);
            Assert.Equal(0, await api.DeviceCountAsync());
        }

        // Roles off (key only): a forged principal's name is never recorded as the actor.
        await using var open = await LocalRunner.StartAsync(azurite, mail);
        var client = new ApiClient(open);
        await client.RegisterAsync(ApiClient.Device("biodose-1"));
        await client.StoreAdvisoryAsync("icsma-25-336-01.json");
        await client.BackfillAsync();
        var patch = await client.SendAsync(HttpMethod.Patch, "api/devices/biodose-1/matches/ICSMA-25-336-01",
            new { status = "mitigated", by = "pat.engineer", note = "Segmented" }, principal: forgedAdmin);
        var match = await client.JsonAsync(patch);
        Assert.Equal("pat.engineer", match.GetProperty("remediation").GetProperty("by").GetString());
    }

    /// <summary>Row "with storage down every route but /health answers 500 instead of 503".</summary>
    [Fact]
    public async Task StorageDown_EveryRoute_AnswersProblem503WithRetryAfter_NeverA500()
    {
        var closed = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{FreePort.Next()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{FreePort.Next()}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{FreePort.Next()}/devstoreaccount1;";
        await using var runner = await LocalRunner.StartAsync(closed, mail, new Dictionary<string, string?> { ["Api:RequestTimeout"] = "00:00:04" });
        var api = new ApiClient(runner);

        // The signed-link pages check their token before touching storage (EmailActionLinkTests).
        var calls = ApiRoutes.All.Where(r => r.Template != "openapi.json" && !r.ReturnsHtml).Select(async route =>
        {
            object? body = route.Body switch
            {
                ApiBody.Device => ApiClient.Device("dev-1"),
                ApiBody.RemediationUpdate => new { status = "mitigated", by = "pat", note = "x" },
                ApiBody.TriageDecision => new { decision = "confirm", reason = "checked on the device", by = "pat" },
                ApiBody.VendorAlias => new { alias = "Example Devices", vendorId = "example", note = "x", by = "pat" },
                ApiBody.DeviceCsv => new StringContent(CsvHeader + "\ndev-1,Mirion Medical,BioDose,22.02,in-hospital,NM,a@example.org\n", Encoding.UTF8, "text/csv"),
                _ => null,
            };
            var response = await api.SendAsync(new HttpMethod(route.Method), Path(route), body, ifMatch: "\"x\"");
            return (route, response, text: await response.Content.ReadAsStringAsync());
        });

        foreach (var (route, response, text) in await Task.WhenAll(calls))
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{route.Method} {route.Template}: {(int)response.StatusCode} {text}");
            Assert.NotNull(response.Headers.RetryAfter);
            if (route.Template != "health")
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    /// <summary>Row "with storage paused GET /devices never answers (no request timeout)": a storage endpoint that accepts and never answers.</summary>
    [Fact]
    public async Task StorageNotAnswering_GetDevices_Answers503WithinTheRequestTimeLimit()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var paused = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        await using var runner = await LocalRunner.StartAsync(paused, mail, new Dictionary<string, string?> { ["Api:RequestTimeout"] = "00:00:02" });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = await new ApiClient(runner).SendAsync(HttpMethod.Get, "api/devices");

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlationId").GetString()));
        foreach (var client in held.ToList())
        {
            client.Dispose();
        }
    }

    /// <summary>Row "a 60,000-row import while storage goes down answers 500 ... none queued for backfill": the time limit stops it part way.</summary>
    [Fact]
    public async Task Import_StoppedPartWayByTheTimeLimit_ReportsWhatWasStored_AndQueuesTheirBackfill()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Api:RequestTimeout"] = "00:00:08",
            ["Api:MaxImportBytes"] = "16000000",
        });
        var api = new ApiClient(runner);

        var response = await api.SendAsync(HttpMethod.Post, "api/devices/import", new StringContent(Csv(60_000), Encoding.UTF8, "text/csv"));

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        var stored = problem.GetProperty("stored").GetInt32();
        Assert.InRange(stored, 1, 59_999);
        Assert.Equal(60_000, problem.GetProperty("total").GetInt32());
        Assert.Equal(stored + 2, problem.GetProperty("firstLineNotStored").GetInt32()); // line 1 is the header
        Assert.True(problem.GetProperty("backfillQueued").GetBoolean());
        // The batch in flight when the limit hit may have reached storage too (sending the file again makes it whole).
        Assert.InRange(await api.DeviceCountAsync(), stored, stored + DeviceAdministrationService.BatchSize);
        var queued = await runner.Get<IDeviceBackfillQueue>().PeekAsync(32, CancellationToken.None);
        Assert.Contains(queued, q => q.DeviceId == DeviceBackfillService.AllDevicesMarker);
    }

    /// <summary>Same row: storage (a private Azurite) stops mid-import: a 503 with the counts, never a 500.</summary>
    [Fact]
    public async Task Import_StorageStopsMidway_Answers503WithStoredTotalAndFirstLine_NotA500()
    {
        var own = AzuriteFixture.Private();
        await own.InitializeAsync();
        try
        {
            await using var runner = await LocalRunner.StartAsync(own.ConnectionString, mail, new Dictionary<string, string?>
            {
                ["Api:RequestTimeout"] = "00:01:00",
                ["Api:MaxImportBytes"] = "16000000",
            });
            var api = new ApiClient(runner);
            Assert.Equal(0, await api.DeviceCountAsync());

            var import = api.SendAsync(HttpMethod.Post, "api/devices/import", new StringContent(Csv(30_000), Encoding.UTF8, "text/csv"));
            await Poll.UntilAsync(async () => await api.DeviceCountAsync() > 0, "the import to have stored its first devices");
            await own.DisposeAsync();
            var response = await import;

            var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(30_000, problem.GetProperty("total").GetInt32());
            var stored = problem.GetProperty("stored").GetInt32();
            Assert.InRange(stored, 0, 29_999);
            Assert.Equal(stored + 2, problem.GetProperty("firstLineNotStored").GetInt32());
            Assert.Contains("Send the same file again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    /// <summary>Rows "invalid UTF-8 or a lone surrogate ... answer 500" and "duplicate JSON keys ... Content-Type ... BOM".</summary>
    [Fact]
    public async Task BadBodies_AreRefusedWith4xxProblems_NeverA500_AndAUtf8BomIsAccepted()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);
        var etag = await api.RegisterAsync(ApiClient.Device("biodose-1"));
        await api.StoreAdvisoryAsync("icsma-25-336-01.json");
        await api.BackfillAsync();
        var device = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ApiClient.Device("bad-body")));
        byte[] invalidUtf8 = [.. Encoding.UTF8.GetBytes("{\"id\":\"x1\",\"manufacturer\":\"Mirion "), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\",\"model\":\"m\",\"segment\":\"in-hospital\",\"department\":\"d\",\"contacts\":[\"a@example.org\"]}")];
        var loneSurrogate = "{\"id\":\"x2\",\"manufacturer\":\"\\ud800\",\"model\":\"m\",\"segment\":\"in-hospital\",\"department\":\"d\",\"contacts\":[\"a@example.org\"]}"u8.ToArray();
        var duplicate = "{\"id\":\"x3\",\"manufacturer\":\"A\",\"manufacturer\":\"B\",\"model\":\"m\",\"segment\":\"in-hospital\",\"department\":\"d\",\"contacts\":[\"a@example.org\"]}"u8.ToArray();

        foreach (var (method, path, ifMatch) in new[]
        {
            (HttpMethod.Post, "api/devices", (string?)null),
            (HttpMethod.Put, "api/devices/biodose-1", etag),
            (HttpMethod.Patch, "api/devices/biodose-1/matches/ICSMA-25-336-01", (string?)null),
        })
        {
            var patchLone = "{\"status\":\"mitigated\",\"by\":\"\\udc00x\"}"u8.ToArray();
            var patchDup = "{\"status\":\"mitigated\",\"status\":\"open\",\"by\":\"pat\"}"u8.ToArray();
            var isPatch = method == HttpMethod.Patch;
            foreach (var bytes in new[] { invalidUtf8, isPatch ? patchLone : loneSurrogate, isPatch ? patchDup : duplicate })
            {
                await ApiClient.ProblemAsync(await api.SendAsync(method, path, Json(bytes), ifMatch: ifMatch), HttpStatusCode.BadRequest, "body");
            }

            var wrongType = new ByteArrayContent(device);
            wrongType.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            await ApiClient.ProblemAsync(await api.SendAsync(method, path, wrongType, ifMatch: ifMatch), HttpStatusCode.UnsupportedMediaType, "Content-Type");
            var xml = new ByteArrayContent(device);
            xml.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            await ApiClient.ProblemAsync(await api.SendAsync(method, path, xml, ifMatch: ifMatch), HttpStatusCode.UnsupportedMediaType);
        }

        var bom = await api.SendAsync(HttpMethod.Post, "api/devices", Json([0xEF, 0xBB, 0xBF, .. device]));
        Assert.Equal(HttpStatusCode.Created, bom.StatusCode);
        var csvAsJson = new StringContent(CsvHeader + "\n", Encoding.UTF8, "application/json");
        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Post, "api/devices/import", csvAsJson), HttpStatusCode.UnsupportedMediaType);
    }

    /// <summary>Row "the function key given as ?code= is written to the log on every request".</summary>
    [Fact]
    public async Task FunctionKeyInTheQuery_IsNeverWrittenToTheLog()
    {
        var logs = new CapturedLogs();
        await using var runner = await LocalRunner.StartAsync(azurite.ConnectionString, mail, logs: logs);

        var response = await runner.Http.GetAsync(new Uri($"api/devices?code={LocalRunner.FunctionKey}&pageSize=5", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The request line is written once the request is answered (after the response may have reached the client).
        await Poll.UntilAsync(() => logs.Entries.Any(e => e.Message.StartsWith("HTTP GET /api/devices", StringComparison.Ordinal)), "the request's log line");
        var entries = logs.Entries.ToList();
        Assert.DoesNotContain(entries, e => e.Message.Contains(LocalRunner.FunctionKey, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Message.Contains("/api/devices?code=***&pageSize=5", StringComparison.Ordinal));
    }

    /// <summary>Row "an unexpected exception in an HTTP trigger is caught and never logged": one shared pipeline logs it once with the id the caller gets.</summary>
    [Fact]
    public async Task UnexpectedException_IsLoggedOnceWithTheCorrelationIdTheCallerGets()
    {
        var logs = new CapturedLogs();
        await using var runner = await LocalRunner.StartAsync(azurite.ConnectionString, mail, logs: logs);
        // A stored device row of the wrong shape (Manufacturer is a number): reading it throws inside the endpoint.
        var table = await runner.Get<TrackerStorage>().TableAsync(TrackerStorage.Devices, CancellationToken.None);
        await table.UpsertEntityAsync(new TableEntity("device", "broken-1") { ["DeviceId"] = "broken-1", ["Manufacturer"] = 42 });

        var response = await new ApiClient(runner).SendAsync(HttpMethod.Get, "api/devices/broken-1");

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.InternalServerError);
        var id = problem.GetProperty("correlationId").GetString()!;
        Assert.False(string.IsNullOrEmpty(id));
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        var logged = Assert.Single(errors);
        Assert.Contains(id, logged.Message, StringComparison.Ordinal);
        Assert.NotNull(logged.Exception);
    }

    /// <summary>Row "Reader role sees clinicians' email addresses (device reads, export) and dead letters".</summary>
    [Fact]
    public async Task Reader_SeesContactCountsNotAddresses_AndCannotExportOrReadDeadLetters()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
        {
            ["Api:RequireRoles"] = "true",
            ["WEBSITE_AUTH_ENABLED"] = "True",
        });
        var api = new ApiClient(runner);
        var admin = ApiClient.Principal(ApiRoles.Admin);
        var reader = ApiClient.Principal(ApiRoles.Reader);
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Post, "api/devices", ApiClient.Device("biodose-1", contact: "nm.lead@example.org"), principal: admin)).StatusCode);

        var asReader = await api.JsonAsync(await api.SendAsync(HttpMethod.Get, "api/devices/biodose-1", principal: reader));
        var listed = await api.JsonAsync(await api.SendAsync(HttpMethod.Get, "api/devices", principal: reader));
        var asAdmin = await api.JsonAsync(await api.SendAsync(HttpMethod.Get, "api/devices/biodose-1", principal: admin));

        Assert.False(asReader.TryGetProperty("contacts", out _));
        Assert.Equal(1, asReader.GetProperty("contactCount").GetInt32());
        Assert.DoesNotContain("nm.lead@example.org", listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("nm.lead@example.org", asAdmin.GetProperty("contacts")[0].GetString());
        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Get, "api/devices/export", principal: reader), HttpStatusCode.Forbidden);
        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Get, "api/notifications/dead-letters", principal: reader), HttpStatusCode.Forbidden);
    }

    /// <summary>OpenAPI-client row: "404, 405 and 414 answers are empty instead of problem+json".</summary>
    [Fact]
    public async Task UnknownRoute_WrongMethod_AndTooLongUri_AreProblems()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);

        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Get, "api/no-such-route"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Delete, "api/devices"), HttpStatusCode.MethodNotAllowed);
        await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Get, "api/devices?manufacturer=" + new string('a', 12_000)), HttpStatusCode.RequestUriTooLong);
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string Csv(int rows)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            csv.Append("imp-").Append(i).Append(",Mirion Medical,EC2 Software NMIS BioDose,22.02,in-hospital,Nuclear Medicine,nm").Append(i).Append("@example.org\n");
        }

        return csv.ToString();
    }
}
