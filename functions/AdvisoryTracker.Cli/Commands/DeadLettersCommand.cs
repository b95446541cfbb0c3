using System.CommandLine;
using System.Globalization;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Cli.Terminal;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>dead-letters list [--max N]</c> and <c>dead-letters replay [--id X]</c>: the notifications that could not be
/// delivered (Service Bus dead-letter queue or the Storage <c>-poison</c> queue), readable and replayable.
/// </summary>
internal sealed class DeadLettersCommand : StorageCommand
{
    public DeadLettersCommand()
        : base(null)
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal DeadLettersCommand(Action<IConfigurationBuilder> configure)
        : base(configure)
    {
    }

    public string Name => "dead-letters";

    public override string Description =>
        "Notifications that could not be delivered (Service Bus dead-letter queue or the Storage -poison queue): list them, or send them again.";

    public override string Usage => "dead-letters list [--max <n>] | dead-letters replay [--id <id>]";

    public override Command Create(CliOutput output)
    {
        var list = new Command("list", "One tab-separated line per dead-lettered notification (id, message id, reason, description, deliveries, when, advisory, recipient).");
        var max = CliOptions.Create<int>("--max", "list at most this many (a positive number, default 100)", "n").InRange(1, int.MaxValue);
        max.DefaultValueFactory = _ => 100;
        list.With(max);
        list.SetAction(async (result, cancellationToken) =>
        {
            await using var services = BuildServices();
            var listed = await services.GetRequiredService<INotificationDeadLetters>().ListAsync(result.GetValue(max), cancellationToken);
            await output.Out.WriteLineAsync("id\tmessageId\treason\tdescription\tdeliveries\tdeadLetteredAt\tadvisory\trecipient");
            foreach (var d in listed)
            {
                await output.Out.WriteLineAsync(string.Join('\t',
                    d.Id, d.MessageId, d.Reason, OneLine(d.Description), d.DeliveryCount.ToString(CultureInfo.InvariantCulture),
                    d.DeadLetteredAt?.ToString("O", CultureInfo.InvariantCulture) ?? "", d.AdvisoryId ?? "", d.Recipient ?? ""));
            }

            await output.Error.WriteLineAsync($"{listed.Count} dead-lettered notification(s)");
            return CliApp.Success;
        });

        var replay = new Command("replay", "Send dead-lettered notifications to the notifications queue again: all, or the one with --id. Exit code 1 when --id names none.");
        var id = CliOptions.Create<string>("--id", "replay only this one (the id column of list)", "id");
        replay.With(id);
        replay.SetAction(async (result, cancellationToken) =>
        {
            var only = result.GetValue(id);
            await using var services = BuildServices();
            var replayed = await services.GetRequiredService<INotificationDeadLetters>().ReplayAsync(only, cancellationToken);
            await output.Out.WriteLineAsync(replayed switch
            {
                0 => "Replayed no dead-lettered notifications: there were none.",
                1 => "Replayed 1 dead-lettered notification to the notifications queue.",
                _ => $"Replayed {replayed.ToString(CultureInfo.InvariantCulture)} dead-lettered notifications to the notifications queue.",
            });
            if (only is not null && replayed == 0)
            {
                await output.Error.WriteLineAsync($"dead-letters: no dead-lettered notification with id '{only}'");
                return CliApp.Failure;
            }

            return CliApp.Success;
        });

        return new Command(Name, Description) { list, replay };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}
