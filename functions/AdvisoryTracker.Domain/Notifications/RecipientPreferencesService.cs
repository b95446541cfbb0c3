namespace AdvisoryTracker.Domain.Notifications;

/// <summary>The outcome of a preference change: the stored preferences, or why they were refused.</summary>
public sealed record PreferencesUpdateResult(RecipientPreferences? Preferences, string? Error)
{
    public bool Succeeded => Preferences is not null;
}

/// <summary>Reads and changes recipient preferences; independent of any API so the CLI and the admin API share it.</summary>
public sealed class RecipientPreferencesService(IRecipientPreferencesStore store, TimeProvider time)
{
    public const int MaxAddressLength = 254;

    public async Task<RecipientPreferences> GetAsync(string recipient, CancellationToken cancellationToken) =>
        await store.GetAsync(Normalise(recipient), cancellationToken) ?? RecipientPreferences.Default(Normalise(recipient));

    /// <summary>Validates and stores; a null <paramref name="threshold"/> or <paramref name="digest"/> keeps the current value.</summary>
    public async Task<PreferencesUpdateResult> SetAsync(string recipient, string? threshold, string? digest, CancellationToken cancellationToken)
    {
        var address = Normalise(recipient);
        if (address.Length is 0 or > MaxAddressLength || !System.Net.Mail.MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
        {
            return new PreferencesUpdateResult(null, $"'{recipient}' is not a valid email address");
        }

        var current = await GetAsync(address, cancellationToken);
        var level = current.Threshold;
        if (threshold is not null && !SeverityLevels.TryParse(threshold, out level))
        {
            return new PreferencesUpdateResult(null, $"unknown threshold '{threshold}'; use one of {string.Join(", ", Enum.GetNames<SeverityLevel>().Select(n => n.ToUpperInvariant()))}");
        }

        var mode = current.Digest;
        if (digest is not null && !(Enum.TryParse(digest.Trim(), ignoreCase: true, out mode) && Enum.IsDefined(mode)))
        {
            return new PreferencesUpdateResult(null, $"unknown digest mode '{digest}'; use immediate or daily");
        }

        var updated = new RecipientPreferences(address, level, mode, time.GetUtcNow());
        await store.SaveAsync(updated, cancellationToken);
        return new PreferencesUpdateResult(updated, null);
    }

    private static string Normalise(string recipient) => recipient.Trim().ToLowerInvariant();
}
