using System.Globalization;
using AdvisoryTracker.Adapters;
using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.Domain;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>dead-letters list [--max N]</c> and <c>dead-letters replay [--id X]</c>: the notifications that could not be
/// delivered (Service Bus dead-letter queue or the Storage <c>-poison</c> queue), readable and replayable.
/// </summary>
internal sealed class DeadLettersCommand : ICliCommand
{
    private readonly Action<IConfigurationBuilder>? _configure;

    public DeadLettersCommand()
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal DeadLettersCommand(Action<IConfigurationBuilder> configure)
    {
        _configure = configure;
    }

    public string Name => "dead-letters";

    public string Description => "list|replay [--id X] [--max N]: undeliverable notifications, and send them again";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!CliArguments.TryParse(args, ["--id", "--max"], out var verb, out var options, out var error) || verb is not ("list" or "replay"))
        {
            await stderr.WriteLineAsync(error ?? "usage: dead-letters list [--max N] | dead-letters replay [--id X]");
            return 2;
        }

        await using var services = ServiceHost.Build(_configure);
        var deadLetters = services.GetRequiredService<INotificationDeadLetters>();
        if (verb == "list")
        {
            var max = 100;
            if (options.TryGetValue("--max", out var maxText) && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1))
            {
                await stderr.WriteLineAsync($"dead-letters: --max must be a positive number, not '{maxText}'");
                return 2;
            }

            var listed = await deadLetters.ListAsync(max, cancellationToken);
            await stdout.WriteLineAsync("id\tmessageId\treason\tdescription\tdeliveries\tdeadLetteredAt\tadvisory\trecipient");
            foreach (var d in listed)
            {
                await stdout.WriteLineAsync(string.Join('\t',
                    d.Id, d.MessageId, d.Reason, OneLine(d.Description), d.DeliveryCount.ToString(CultureInfo.InvariantCulture),
                    d.DeadLetteredAt?.ToString("O", CultureInfo.InvariantCulture) ?? "", d.AdvisoryId ?? "", d.Recipient ?? ""));
            }

            await stderr.WriteLineAsync($"{listed.Count} dead-lettered notification(s)");
            return 0;
        }

        options.TryGetValue("--id", out var id);
        var replayed = await deadLetters.ReplayAsync(id, cancellationToken);
        await stdout.WriteLineAsync(replayed switch
        {
            0 => "Replayed no dead-lettered notifications: there were none.",
            1 => "Replayed 1 dead-lettered notification to the notifications queue.",
            _ => $"Replayed {replayed.ToString(CultureInfo.InvariantCulture)} dead-lettered notifications to the notifications queue.",
        });
        if (id is not null && replayed == 0)
        {
            await stderr.WriteLineAsync($"dead-letters: no dead-lettered notification with id '{id}'");
            return 1;
        }

        return 0;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}

/// <summary>A verb followed by <c>--name value</c> pairs.</summary>
internal static class CliArguments
{
    public static bool TryParse(string[] args, IReadOnlyCollection<string> known, out string? verb, out Dictionary<string, string> options, out string? error)
    {
        verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : null;
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        for (var i = verb is null ? 0 : 1; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]))
            {
                error = $"unknown option '{args[i]}'; known: {string.Join(", ", known)}";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"option '{args[i]}' needs a value";
                return false;
            }

            options[args[i]] = args[i + 1];
        }

        return true;
    }
}
