using System.Text.Json;
using AdvisoryTracker.Adapters.Serialization;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Adapters.Queues;

internal static class NotificationMessageCodec
{
    public static BinaryData Encode(NotificationMessage message) =>
        BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(message, TrackerJsonContext.Default.NotificationMessage));

    /// <summary>The message, or null when the body is not a notification message.</summary>
    public static NotificationMessage? TryDecode(BinaryData body)
    {
        try
        {
            var message = JsonSerializer.Deserialize(body.ToMemory().Span, TrackerJsonContext.Default.NotificationMessage);
            return message is { MessageId.Length: > 0, Recipient.Length: > 0, AdvisoryId.Length: > 0, DeviceIds: not null } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
