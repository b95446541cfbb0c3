namespace AdvisoryTracker.Domain.Fda;

/// <summary>What an FDA feed item is, decided from its link path and, for the mixed recalls path, its text.</summary>
public enum FdaItemKind
{
    /// <summary>A medical-device safety communication (<c>/medical-devices/safety-communications/...</c>).</summary>
    DeviceSafetyCommunication,
    /// <summary>A medical-device recall or early alert (<c>/medical-devices/medical-device-recalls-and-early-alerts/...</c>,
    /// or a company announcement on the general recalls path that names a medical device).</summary>
    DeviceRecall,
    /// <summary>A listing page ("2024 Safety Communications"), not a communication.</summary>
    ListingPage,
    /// <summary>Food, drugs, cosmetics, tobacco, veterinary: not for this tracker.</summary>
    NotDevice,
}
