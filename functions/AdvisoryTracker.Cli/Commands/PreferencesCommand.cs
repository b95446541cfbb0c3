using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.Domain.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Cli.Commands;

/// <summary>
/// <c>preferences set --recipient x --threshold HIGH --digest daily</c>, <c>preferences get --recipient x</c>,
/// <c>preferences list</c>: per-recipient severity threshold and immediate or daily digest.
/// </summary>
internal sealed class PreferencesCommand : ICliCommand
{
    private readonly Action<IConfigurationBuilder>? _configure;

    public PreferencesCommand()
    {
    }

    /// <summary>For tests: settings over the file and environment.</summary>
    internal PreferencesCommand(Action<IConfigurationBuilder> configure)
    {
        _configure = configure;
    }

    public string Name => "preferences";

    public string Description => "set|get|list --recipient x [--threshold NONE|LOW|MEDIUM|HIGH|CRITICAL] [--digest immediate|daily]";

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!CliArguments.TryParse(args, ["--recipient", "--threshold", "--digest"], out var verb, out var options, out var error)
            || verb is not ("set" or "get" or "list"))
        {
            await stderr.WriteLineAsync(error ?? "usage: preferences set --recipient x [--threshold HIGH] [--digest daily] | preferences get --recipient x | preferences list");
            return 2;
        }

        options.TryGetValue("--recipient", out var recipient);
        if (verb != "list" && string.IsNullOrWhiteSpace(recipient))
        {
            await stderr.WriteLineAsync($"preferences {verb}: --recipient is required");
            return 2;
        }

        await using var services = ServiceHost.Build(_configure);
        var service = services.GetRequiredService<RecipientPreferencesService>();
        switch (verb)
        {
            case "set":
                options.TryGetValue("--threshold", out var threshold);
                options.TryGetValue("--digest", out var digest);
                if (threshold is null && digest is null)
                {
                    await stderr.WriteLineAsync("preferences set: give --threshold, --digest or both");
                    return 2;
                }

                var result = await service.SetAsync(recipient!, threshold, digest, cancellationToken);
                if (!result.Succeeded)
                {
                    await stderr.WriteLineAsync($"preferences set: {result.Error}");
                    return 2;
                }

                await WriteAsync(stdout, result.Preferences!);
                if (result.Preferences!.Digest == DigestMode.Immediate && result.Preferences.Threshold != SeverityLevel.None)
                {
                    await stderr.WriteLineAsync("note: with --digest immediate every notification is sent at once; the threshold only matters with --digest daily");
                }

                return 0;
            case "get":
                await WriteAsync(stdout, await service.GetAsync(recipient!, cancellationToken));
                return 0;
            default:
                await foreach (var preferences in services.GetRequiredService<IRecipientPreferencesStore>().ListAsync(cancellationToken))
                {
                    await WriteAsync(stdout, preferences);
                }

                return 0;
        }
    }

    private static Task WriteAsync(TextWriter stdout, RecipientPreferences preferences) =>
        stdout.WriteLineAsync($"{preferences.Recipient}\tthreshold={preferences.Threshold.ToString().ToUpperInvariant()}\tdigest={preferences.Digest.ToString().ToLowerInvariant()}");
}
