using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Hardening;

/// <summary>
/// Issue #14, row "one CSAF document ... makes StoreAsync throw ... every later advisory from that source is blocked":
/// crafted documents (made from real CISA advisories) in a CSAF folder source, synced by the real local runner's
/// pipeline into Azurite; the quarantine is read back through the HTTP API.
/// </summary>
public sealed class PoisonDocumentTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly string[] Good = ["icsma-25-336-01.json", "icsma-25-037-01.json", "icsma-24-163-01.json"];

    [Fact]
    public async Task PoisonDocuments_AreQuarantinedWithReasonAndHash_AndTheSourceStoresEverythingElse()
    {
        var folder = Directory.CreateTempSubdirectory("poison-");
        try
        {
            var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            // Oldest first: a good one, then every poison, then the other good ones (newer than the poison).
            Write(folder, "a-good.json", Real(Good[0]), start);
            Write(folder, "b-long-id.json", Crafted(d => d["document"]!["tracking"]!["id"] = "ICSMA-" + new string('9', 600)), start.AddHours(1));
            Write(folder, "c-long-version.json", Crafted(d => d["document"]!["tracking"]!["version"] = new string('1', 600)), start.AddHours(2));
            Write(folder, "d-huge-entity.json", Crafted(d => ((JsonArray)d["document"]!["notes"]!).Insert(0, new JsonObject
            {
                ["category"] = "summary", ["title"] = "Summary", ["text"] = RandomText(3_200_000),
            })), start.AddHours(3));
            Write(folder, "e-crlf-markup-id.json", Crafted(d => d["document"]!["tracking"]!["id"] = "ICSMA-25-999-01\r\nBcc: victim@example.org<script>x</script>"), start.AddHours(4));
            Write(folder, "f-good.json", Real(Good[1]), start.AddHours(5));
            Write(folder, "g-good.json", Real(Good[2]), start.AddHours(6));

            await using var runner = await LocalRunner.StartAsync(azurite, mail, new Dictionary<string, string?>
            {
                ["CsafSources:0:Name"] = "poison-folder",
                ["CsafSources:0:Kind"] = "Folder",
                ["CsafSources:0:Location"] = folder.FullName,
                ["CsafSources:0:RequireSignatures"] = "false",
            });
            var api = new ApiClient(runner);

            var report = Assert.Single(await runner.Get<SourceSyncRunner>().RunAsync(true, "poison-folder", CancellationToken.None));

            Assert.Equal(SourceSyncStatus.Succeeded, report.Status);
            Assert.Equal(3, report.DocumentsStored);
            Assert.Equal(4, report.DocumentsRejected);
            var store = runner.Get<IAdvisoryStore>();
            foreach (var id in new[] { "ICSMA-25-336-01", "ICSMA-25-037-01", "ICSMA-24-163-01" })
            {
                Assert.NotNull(await store.GetAsync(id, CancellationToken.None));
            }

            Assert.Null(await store.GetAsync("ICSMA-25-999-01\r\nBcc: victim@example.org<script>x</script>", CancellationToken.None));

            // The cursor moved past every document: a second run reads nothing again and stays healthy.
            var again = Assert.Single(await runner.Get<SourceSyncRunner>().RunAsync(true, "poison-folder", CancellationToken.None));
            Assert.Equal((SourceSyncStatus.Succeeded, 0L, 0L), (again.Status, again.DocumentsStored, again.DocumentsRejected));

            var rejections = await api.GetJsonAsync("api/sources/poison-folder/rejections");
            var items = rejections.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(4, items.Count);
            foreach (var (file, reason) in new[]
            {
                // Refused by our size rule or, first, by the CSAF schema naming the JSON path.
                ("b-long-id.json", "tracking id|/document/tracking/id"), ("c-long-version.json", "tracking version|/document/tracking/version"),
                ("d-huge-entity.json", "table entity"), ("e-crlf-markup-id.json", "tracking id|/document/tracking/id"),
            })
            {
                var item = items.Single(i => i.GetProperty("document").GetString()!.EndsWith(file, StringComparison.Ordinal));
                Assert.Matches(reason, item.GetProperty("reason").GetString());
                Assert.Matches("^[0-9a-f]{64}$", item.GetProperty("sha256").GetString());
            }

            var sources = await api.GetJsonAsync("api/sources");
            var source = sources.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "poison-folder");
            Assert.Equal(4, source.GetProperty("documentsRejected").GetInt64());
            Assert.Contains(".json", source.GetProperty("lastRejection").GetProperty("document").GetString(), StringComparison.Ordinal);

            await ApiClient.ProblemAsync(await api.SendAsync(HttpMethod.Get, "api/sources/no-such-source/rejections"), HttpStatusCode.NotFound);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static byte[] Real(string file) => File.ReadAllBytes(RepositoryPaths.Fixture("csaf", "icsma", file));

    /// <summary>A real advisory (ICSMA-25-336-01) with one field made hostile.</summary>
    private static byte[] Crafted(Action<JsonNode> change)
    {
        var document = JsonNode.Parse(Real(Good[0]))!;
        change(document);
        return JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private static void Write(DirectoryInfo folder, string name, byte[] content, DateTime modified)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, modified);
    }

    /// <summary>Random letters (deterministic): text that compresses poorly, as an attacker would send.</summary>
    private static string RandomText(int length)
    {
        var random = new Random(14);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)(random.Next(33, 127));
        }

        return new string(chars);
    }
}
