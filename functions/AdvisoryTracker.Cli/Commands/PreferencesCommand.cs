using System.CommandLine;
using AdvisoryTracker.Cli.Terminal;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>preferences set --recipient x --threshold HIGH --digest daily</c>, <c>preferences get --recipient x</c>,
/// <c>preferences list</c>: per-recipient severity threshold and immediate or daily digest.
/// </summary>
internal sealed class PreferencesCommand : StorageCommand
{
    public PreferencesCommand()
        : base(null)
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal PreferencesCommand(Action<IConfigurationBuilder> configure)
        : base(configure)
    {
    }

    public string Name => "preferences";

    public override string Description => "Per-recipient notification preferences: severity threshold and immediate or daily digest.";

    public override string Usage =>
        "preferences set --recipient <email> [--threshold NONE|LOW|MEDIUM|HIGH|CRITICAL] [--digest immediate|daily] | preferences get --recipient <email> | preferences list";

    public override Command Create(CliOutput output)
    {
        Option<string> Recipient() => CliOptions.Create<string>("--recipient", "the recipient's email address", "email");

        var set = new Command("set", "Set a recipient's threshold, digest mode or both; prints the stored preferences.");
        var setRecipient = set.Require(Recipient());
        var threshold = CliOptions.Create<string>("--threshold", "with --digest daily: notifications below this severity wait for the digest (NONE, LOW, MEDIUM, HIGH, CRITICAL)", "severity");
        var digest = CliOptions.Create<string>("--digest", "immediate (every notification at once) or daily (below the threshold: one digest a day)", "mode");
        set.With(setRecipient, threshold, digest);
        set.SetAction((result, cancellationToken) =>
            SetAsync(result.GetValue(setRecipient)!, result.GetValue(threshold), result.GetValue(digest), output, cancellationToken));

        var get = new Command("get", "Print a recipient's preferences (the defaults when none are stored).");
        var getRecipient = get.Require(Recipient());
        get.With(getRecipient);
        get.SetAction(async (result, cancellationToken) =>
        {
            await using var services = BuildServices();
            await WriteAsync(output.Out, await services.GetRequiredService<RecipientPreferencesService>().GetAsync(result.GetValue(getRecipient)!, cancellationToken));
            return CliApp.Success;
        });

        var list = new Command("list", "Print every stored recipient's preferences, one line each.");
        list.SetAction(async (_, cancellationToken) =>
        {
            await using var services = BuildServices();
            await foreach (var preferences in services.GetRequiredService<IRecipientPreferencesStore>().ListAsync(cancellationToken))
            {
                await WriteAsync(output.Out, preferences);
            }

            return CliApp.Success;
        });

        return new Command(Name, Description) { set, get, list };
    }

    private async Task<int> SetAsync(string recipient, string? threshold, string? digest, CliOutput output, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(recipient))
        {
            await output.Error.WriteLineAsync("preferences set: --recipient is required");
            return CliApp.UsageError;
        }

        if (threshold is null && digest is null)
        {
            await output.Error.WriteLineAsync("preferences set: give --threshold, --digest or both");
            return CliApp.UsageError;
        }

        await using var services = BuildServices();
        var result = await services.GetRequiredService<RecipientPreferencesService>().SetAsync(recipient, threshold, digest, cancellationToken);
        if (!result.Succeeded)
        {
            await output.Error.WriteLineAsync($"preferences set: {result.Error}");
            return CliApp.UsageError;
        }

        await WriteAsync(output.Out, result.Preferences!);
        if (result.Preferences!.Digest == DigestMode.Immediate && result.Preferences.Threshold != SeverityLevel.None)
        {
            await output.Error.WriteLineAsync("note: with --digest immediate every notification is sent at once; the threshold only matters with --digest daily");
        }

        return CliApp.Success;
    }

    private static Task WriteAsync(TextWriter stdout, RecipientPreferences preferences) =>
        stdout.WriteLineAsync($"{preferences.Recipient}\tthreshold={preferences.Threshold.ToString().ToUpperInvariant()}\tdigest={preferences.Digest.ToString().ToLowerInvariant()}");
}
