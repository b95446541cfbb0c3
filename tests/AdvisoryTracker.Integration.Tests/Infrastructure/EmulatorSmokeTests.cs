using Azure.Data.Tables;
using AdvisoryTracker.TestInfrastructure.Emulators;
using MailKit.Net.Smtp;
using MimeKit;

namespace AdvisoryTracker.Integration.Tests.Infrastructure;

public sealed class EmulatorSmokeTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    [Fact]
    public async Task Azurite_CreatesTableAndRoundTripsEntity()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("smoke"));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "v" });
        var entity = await table.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal("v", entity.Value.GetString("Value"));
    }

    [Fact]
    public async Task MailDev_ReceivesEmailSentOverSmtp()
    {
        var recipient = $"smoke-{Guid.NewGuid():N}@example.org";
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", mail.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("tests@example.org"));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = "smoke";
        message.Body = new TextPart("plain") { Text = "hello" };
        await client.SendAsync(message);
        await client.DisconnectAsync(true);

        var emails = await mail.WaitForEmailsToAsync(recipient, 1, TimeSpan.FromSeconds(10));
        Assert.Equal("smoke", Assert.Single(emails).Subject);
    }
}
