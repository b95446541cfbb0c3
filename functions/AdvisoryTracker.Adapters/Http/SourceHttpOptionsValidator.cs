using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Adapters.Http;

public sealed class SourceHttpOptionsValidator() : SettingValidator<SourceHttpOptions>(SourceHttpOptions.SectionName)
{
    protected override void Check(SourceHttpOptions options, SettingProblems problems)
    {
        problems.AtLeast(options.MaxResponseBytes, 1, nameof(options.MaxResponseBytes));
        // The resilience pipeline refuses attempt timeouts under 10 ms or over a day, and a total timeout below the attempt's.
        problems.Between(options.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1), nameof(options.AttemptTimeout));
        problems.Require(options.TotalTimeout >= options.AttemptTimeout && options.TotalTimeout <= TimeSpan.FromDays(1), nameof(options.TotalTimeout),
            $"must be at least SourceHttp__AttemptTimeout and at most one day (is {options.TotalTimeout}, AttemptTimeout {options.AttemptTimeout})");
        problems.Range(options.MaxRetryAttempts, 1, 10, nameof(options.MaxRetryAttempts));
        problems.Between(options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10), nameof(options.RetryDelay));
        problems.Range(options.MaxRedirects, 0, 20, nameof(options.MaxRedirects));
        problems.NotEmpty(options.UserAgent, nameof(options.UserAgent));
        foreach (var (host, target) in options.TestHostOverrides)
        {
            var key = $"{nameof(options.TestHostOverrides)}:{host}";
            if (!options.AllowLoopback)
            {
                problems.Add(key, "is test/diagnostic configuration and needs SourceHttp__AllowLoopback; remove it in production");
            }
            else if (Uri.CheckHostName(host) == UriHostNameType.Unknown || !Uri.TryCreate(target, UriKind.Absolute, out var to)
                || !System.Net.IPAddress.TryParse(to.Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
            {
                problems.Add(key, $"must map a host name to a loopback base URL such as http://127.0.0.1:PORT/ (is '{target}')");
            }
        }
    }
}
