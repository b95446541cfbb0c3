using System.Text.Json;
using AdvisoryTracker.Adapters.Serialization;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Adapters.Queues;

/// <summary>
/// The notification message on the wire (JSON, both transports). Versioned by the <c>version</c> property:
/// <list type="bullet">
/// <item>1 (no <c>version</c> property; what relays before routing moved to the relay wrote, and what the relay writes
/// for an advisory not stored yet): the header only — recipient, advisory, revision, kind, device ids. Delivery routes it.</item>
/// <item>2: the header and its routed <c>content</c> (advisory wording, devices with verdicts, KEV status).</item>
/// </list>
/// A message with a version this code does not know, or a version 2 without content, does not decode (it is
/// dead-lettered with the reason, and replayable once a version that reads it is deployed).
/// </summary>
internal static class NotificationMessageCodec
{
    public static BinaryData Encode(NotificationMessage message) =>
        BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(message, TrackerJsonContext.Default.NotificationMessage));

    /// <summary>The message, or null when the body is not a notification message this version can read.</summary>
    public static NotificationMessage? TryDecode(BinaryData body)
    {
        try
        {
            var message = JsonSerializer.Deserialize(body.ToMemory().Span, TrackerJsonContext.Default.NotificationMessage);
            if (message is { Version: 0 })
            {
                // No version property: a version-1 body (the generated deserializer leaves an absent property at 0).
                message = message with { Version = 1 };
            }

            return message is { MessageId.Length: > 0, Recipient.Length: > 0, AdvisoryId.Length: > 0, DeviceIds: not null }
                && message.Version switch
                {
                    1 => true,
                    NotificationMessage.CurrentVersion => message.Content is { Advisory: not null, Devices: not null },
                    _ => false,
                }
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
