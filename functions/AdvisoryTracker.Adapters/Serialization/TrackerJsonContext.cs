using System.Text.Json.Serialization;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Adapters.Serialization;

/// <summary>Source-generated JSON for what the adapters store and send.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Advisory))]
[JsonSerializable(typeof(NotificationMessage))]
[JsonSerializable(typeof(NotificationContent))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Device))]
public sealed partial class TrackerJsonContext : JsonSerializerContext;
