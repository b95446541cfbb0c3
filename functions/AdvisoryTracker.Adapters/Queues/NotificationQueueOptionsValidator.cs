using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Queues;

public sealed class NotificationQueueOptionsValidator() : SettingValidator<NotificationQueueOptions>(NotificationQueueOptions.SectionName)
{
    protected override void Check(NotificationQueueOptions options, SettingProblems problems)
    {
        problems.Require(
            options.QueueName.Length is >= 3 and <= 63 && options.QueueName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
                && !options.QueueName.StartsWith('-') && !options.QueueName.EndsWith('-') && !options.QueueName.Contains("--", StringComparison.Ordinal),
            nameof(options.QueueName),
            $"must be 3 to 63 lowercase letters, digits and single hyphens (is '{options.QueueName}')");
        problems.Range(options.MaxDeliveryCount, 1, 100, nameof(options.MaxDeliveryCount));
        problems.Between(options.VisibilityTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(7), nameof(options.VisibilityTimeout));
    }
}
