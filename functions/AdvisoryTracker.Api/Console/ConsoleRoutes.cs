using AdvisoryTracker.Api.Console.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api.Console;

/// <summary>Who may use a console route.</summary>
public enum ConsoleAccess
{
    /// <summary>Anyone (sign-in page, style sheet and script).</summary>
    Public,

    /// <summary>Advisory.Reader or Advisory.Admin.</summary>
    Read,

    /// <summary>Advisory.Admin only; refused server-side for readers.</summary>
    Write,
}

/// <summary>One console route, relative to the site root (the JSON API is under <c>/api</c>).</summary>
public sealed record ConsoleRoute(string Method, string Template, ConsoleAccess Access, Func<ConsoleRequest, Task<IResult>> Handle)
{
    private readonly string[] _segments = Template.Length == 0 ? [] : Template.Split('/');

    /// <summary>Matches a path (no leading slash); the route values, or null.</summary>
    public Dictionary<string, string>? Match(string path)
    {
        var parts = path.Length == 0 ? [] : path.Split('/');
        if (parts.Length != _segments.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var segment = _segments[i];
            if (segment.StartsWith('{'))
            {
                if (parts[i].Length == 0)
                {
                    return null;
                }

                values[segment[1..^1]] = Uri.UnescapeDataString(parts[i]);
            }
            else if (!string.Equals(segment, parts[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return values;
    }
}

/// <summary>The console's route table: the local runner and the Function App's catch-all function both dispatch through it.</summary>
public static class ConsoleRoutes
{
    public static IReadOnlyList<ConsoleRoute> All { get; } =
    [
        new("GET", "", ConsoleAccess.Read, r => Get<OverviewPage>(r).ShowAsync(r)),
        new("GET", "sign-in", ConsoleAccess.Public, r => Task.FromResult(Get<SignInPage>(r).Show(r, null))),
        new("POST", "sign-in", ConsoleAccess.Public, r => Get<SignInPage>(r).SignInAsync(r)),
        new("POST", "sign-out", ConsoleAccess.Read, r => Task.FromResult(SignInPage.SignOut(r))),
        new("GET", "devices", ConsoleAccess.Read, r => Get<DevicesPage>(r).ListAsync(r)),
        new("GET", "devices/new", ConsoleAccess.Write, r => Task.FromResult(Get<DevicesPage>(r).NewForm(r))),
        new("POST", "devices/new", ConsoleAccess.Write, r => Get<DevicesPage>(r).RegisterAsync(r)),
        new("GET", "devices/import", ConsoleAccess.Write, r => Task.FromResult(Get<DeviceImportPage>(r).Show(r, null, []))),
        new("POST", "devices/import", ConsoleAccess.Write, r => Get<DeviceImportPage>(r).PreviewAsync(r)),
        new("POST", "devices/import/confirm", ConsoleAccess.Write, r => Get<DeviceImportPage>(r).ConfirmAsync(r)),
        new("GET", "devices/export.csv", ConsoleAccess.Read, r => Get<DeviceImportPage>(r).ExportAsync(r)),
        new("GET", "devices/{id}", ConsoleAccess.Read, r => Get<DevicesPage>(r).EditFormAsync(r)),
        new("POST", "devices/{id}", ConsoleAccess.Write, r => Get<DevicesPage>(r).ReplaceAsync(r)),
        new("GET", "advisories", ConsoleAccess.Read, r => Get<AdvisoriesPage>(r).ListAsync(r)),
        new("GET", "advisories/{id}", ConsoleAccess.Read, r => Get<AdvisoriesPage>(r).DetailAsync(r)),
        new("GET", "triage", ConsoleAccess.Read, r => Get<TriagePage>(r).ShowAsync(r)),
        new("POST", "triage", ConsoleAccess.Write, r => Get<TriagePage>(r).DecideAsync(r)),
        new("GET", "remediation", ConsoleAccess.Read, r => Get<RemediationPage>(r).ShowAsync(r)),
        new("POST", "remediation", ConsoleAccess.Write, r => Get<RemediationPage>(r).UpdateAsync(r)),
        new("GET", "operations", ConsoleAccess.Read, r => Get<OperationsPage>(r).ShowAsync(r)),
        new("POST", "operations/replay", ConsoleAccess.Write, r => Get<OperationsPage>(r).ReplayAsync(r)),
        new("GET", "assets/console.css", ConsoleAccess.Public, _ => Task.FromResult(ConsoleAssets.Css)),
        new("GET", "assets/console.js", ConsoleAccess.Public, _ => Task.FromResult(ConsoleAssets.Script)),
    ];

    private static T Get<T>(ConsoleRequest request) where T : notnull => request.Http.RequestServices.GetRequiredService<T>();
}
