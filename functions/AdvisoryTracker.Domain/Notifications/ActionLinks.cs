using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>Settings for the one-click links in emails and the console link (section <c>Notifications</c>).</summary>
public sealed class ActionLinkOptions
{
    public const string SectionName = "Notifications";
    public const int MinKeyLength = 32;

    /// <summary>
    /// The HMAC-SHA256 key that signs one-click action links (at least 32 characters; a Key Vault reference in Azure).
    /// Empty: emails carry no action buttons and the action page says so.
    /// </summary>
    public string? ActionLinkKey { get; set; }

    /// <summary>How many days an action link stays valid.</summary>
    public int ActionLinkDays { get; set; } = 30;

    /// <summary>Base URL of the web console, for "open in the console" links; empty: <c>App:PublicBaseUrl</c>.</summary>
    public string? ConsoleBaseUrl { get; set; }
}

/// <summary>What a recipient can do from an email without an account.</summary>
public enum EmailAction
{
    /// <summary>"I have seen this and I am on it": the match moves to in progress.</summary>
    Acknowledge,
    Mitigated,
    Patched,
    /// <summary>"Not my device / not in use": the match becomes not affected.</summary>
    NotMine,
}

public static class EmailActions
{
    public static readonly IReadOnlyList<EmailAction> All = Enum.GetValues<EmailAction>();

    public static string ToName(this EmailAction action) => action switch
    {
        EmailAction.Acknowledge => "acknowledge",
        EmailAction.Mitigated => "mitigated",
        EmailAction.Patched => "patched",
        EmailAction.NotMine => "not-mine",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>The button text.</summary>
    public static string Label(this EmailAction action) => action switch
    {
        EmailAction.Acknowledge => "Acknowledge",
        EmailAction.Mitigated => "Mark mitigated",
        EmailAction.Patched => "Mark patched",
        EmailAction.NotMine => "Not my device / not in use",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>What the action means, for the confirmation page.</summary>
    public static string Meaning(this EmailAction action) => action switch
    {
        EmailAction.Acknowledge => "you have read the advisory and someone is working on it (status: in progress)",
        EmailAction.Mitigated => "the vendor's mitigations are in place for this device (status: mitigated)",
        EmailAction.Patched => "the vendor's fix is installed on this device (status: patched)",
        EmailAction.NotMine => "this device is not yours or is no longer in use (status: not affected)",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static RemediationStatus Status(this EmailAction action) => action switch
    {
        EmailAction.Acknowledge => RemediationStatus.InProgress,
        EmailAction.Mitigated => RemediationStatus.Mitigated,
        EmailAction.Patched => RemediationStatus.Patched,
        EmailAction.NotMine => RemediationStatus.NotAffected,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static bool TryParse(string? name, out EmailAction action)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }

        action = EmailAction.Acknowledge;
        return false;
    }
}

/// <summary>Why a link was refused (or that it is good).</summary>
public enum ActionLinkVerdict
{
    Valid,
    /// <summary>No key configured: links are off.</summary>
    NotConfigured,
    /// <summary>Not a token this service writes.</summary>
    Malformed,
    /// <summary>The signature does not match: changed, or issued for another device or advisory.</summary>
    Tampered,
    Expired,
}

/// <summary>A checked link: who it was sent to and for which revision, when <see cref="Verdict"/> is valid.</summary>
public sealed record ActionLinkCheck(ActionLinkVerdict Verdict, string? Recipient = null, string? Revision = null, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// Signs and checks one-click links: HMAC-SHA256 over (recipient, device, advisory, revision, expiry) with the key from
/// settings. The device and advisory are in the URL path and the token (<c>expiry.recipient.revision.signature</c>,
/// base64url parts) in the query, so a link replayed for another device or advisory fails the signature. Compared in
/// constant time. The token carries the recipient's address (base64url, not secret): pages that show it send
/// <c>Referrer-Policy: no-referrer</c>.
/// </summary>
public sealed class ActionLinkSigner(IOptions<ActionLinkOptions> options, TimeProvider time)
{
    public const int MaxTokenLength = 1024;
    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ActionLinkKey) ? null : Encoding.UTF8.GetBytes(options.Value.ActionLinkKey);
    private readonly TimeSpan _lifetime = TimeSpan.FromDays(options.Value.ActionLinkDays);

    public bool IsConfigured => _key is not null;

    /// <summary>The token for a recipient's links about one device and advisory revision; null when links are off.</summary>
    public string? Create(string recipient, string deviceId, string advisoryId, string revision)
    {
        if (_key is null)
        {
            return null;
        }

        var expires = time.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(_key, expires, recipient, deviceId, advisoryId, revision);
        return $"{expires}.{Base64Url(Encoding.UTF8.GetBytes(recipient))}.{Base64Url(Encoding.UTF8.GetBytes(revision))}.{Base64Url(signature)}";
    }

    public ActionLinkCheck Check(string? token, string deviceId, string advisoryId)
    {
        if (_key is null)
        {
            return new ActionLinkCheck(ActionLinkVerdict.NotConfigured);
        }

        var parts = (token ?? "").Split('.');
        if (token is null || token.Length > MaxTokenLength || parts.Length != 4
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix)
            || FromBase64Url(parts[1]) is not { } recipientBytes || FromBase64Url(parts[2]) is not { } revisionBytes
            || FromBase64Url(parts[3]) is not { Length: 32 } signature)
        {
            return new ActionLinkCheck(ActionLinkVerdict.Malformed);
        }

        string recipient, revision;
        try
        {
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            recipient = strict.GetString(recipientBytes);
            revision = strict.GetString(revisionBytes);
        }
        catch (DecoderFallbackException)
        {
            return new ActionLinkCheck(ActionLinkVerdict.Malformed);
        }

        var expected = Sign(_key, parts[0], recipient, deviceId, advisoryId, revision);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return new ActionLinkCheck(ActionLinkVerdict.Tampered);
        }

        var expiresAt = expiresUnix > 253_402_300_799 ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(expiresUnix);
        return time.GetUtcNow() > expiresAt
            ? new ActionLinkCheck(ActionLinkVerdict.Expired, ExpiresAt: expiresAt)
            : new ActionLinkCheck(ActionLinkVerdict.Valid, recipient, revision, expiresAt);
    }

    private static byte[] Sign(byte[] key, string expires, string recipient, string deviceId, string advisoryId, string revision) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            string.Join('\n', "advisory-tracker/action-link/v1", expires, recipient.ToLowerInvariant(), deviceId, advisoryId, revision)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Length > MaxTokenLength)
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }
}
