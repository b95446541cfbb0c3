using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Devices;

public sealed class DeviceValidationOptionsValidator() : SettingValidator<DeviceValidationOptions>(DeviceValidationOptions.SectionName)
{
    protected override void Check(DeviceValidationOptions options, SettingProblems problems) =>
        problems.Range(options.MaxContacts, 1, 100, nameof(options.MaxContacts));
}
