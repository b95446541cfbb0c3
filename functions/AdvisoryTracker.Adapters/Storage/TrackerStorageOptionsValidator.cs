using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Storage;

public sealed class TrackerStorageOptionsValidator() : SettingValidator<TrackerStorageOptions>(TrackerStorageOptions.SectionName)
{
    protected override void Check(TrackerStorageOptions options, SettingProblems problems)
    {
        // Tables take letters and digits only, containers and queues lowercase: the prefix must suit all three.
        problems.Require(
            options.NamePrefix.Length <= 20 && options.NamePrefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                && (options.NamePrefix.Length == 0 || char.IsAsciiLetterLower(options.NamePrefix[0])),
            nameof(options.NamePrefix),
            $"must be empty or up to 20 lowercase letters and digits starting with a letter (is '{options.NamePrefix}')");
        foreach (var (uri, key) in new[] { (options.TableServiceUri, nameof(options.TableServiceUri)), (options.BlobServiceUri, nameof(options.BlobServiceUri)), (options.QueueServiceUri, nameof(options.QueueServiceUri)) })
        {
            if (uri is not null)
            {
                problems.Require(uri.IsAbsoluteUri && uri.Scheme is "https" or "http", key, $"must be an absolute http(s) URL (is '{uri}')");
            }
        }
    }
}
