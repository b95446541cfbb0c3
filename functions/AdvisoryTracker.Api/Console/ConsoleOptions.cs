namespace AdvisoryTracker.Api.Console;

/// <summary>The web console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>
    /// HMAC key (at least 32 characters) that signs the local sign-in session cookie and the CSRF tokens. Keep it in
    /// settings / Key Vault. When empty, a random key is made at start: sessions then end when the process restarts.
    /// </summary>
    public string? SessionKey { get; set; }

    /// <summary>How long a local sign-in lasts (default 8 hours).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
