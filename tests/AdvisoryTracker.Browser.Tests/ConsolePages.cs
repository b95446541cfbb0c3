using AdvisoryTracker.Domain.Devices;
using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>What a person does in the console, step by step, as Playwright calls.</summary>
public static class ConsolePages
{
    /// <summary>Every page of the console, for the accessibility checks and the screenshots.</summary>
    public static IReadOnlyList<(string Name, string Path)> All { get; } =
    [
        ("overview", "/"),
        ("devices", "/devices"),
        ("device-register", "/devices/new"),
        ("device-edit", "/devices/biodose-nm"),
        ("device-import", "/devices/import"),
        ("advisories", "/advisories"),
        ("advisory-detail", "/advisories/ICSMA-25-336-01"),
        ("triage", "/triage"),
        ("remediation", "/remediation"),
        ("operations", "/operations"),
    ];

    public static async Task SignInAsync(IPage page, ConsoleHost host, string name = ConsoleHost.AdminName, bool reader = false)
    {
        await page.GotoAsync(host.Url("/sign-in"));
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Local key").FillAsync(ConsoleHost.Key);
        if (reader)
        {
            await page.GetByLabel("View only (sign in as a reader)").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(host.Url("/"));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"signing in did not reach the overview; the browser is at {page.Url} ('{await page.TitleAsync()}')", e);
        }
    }

    /// <summary>Types a device into the register or edit form as a person would; fields left null are not touched.</summary>
    public static async Task FillDeviceFormAsync(IPage page, DeviceInput device)
    {
        foreach (var (field, value) in new[]
        {
            ("id", device.Id), ("manufacturer", device.Manufacturer), ("model", device.Model), ("version", device.Version),
            ("department", device.Department), ("contacts", device.Contacts is null ? null : string.Join("\n", device.Contacts)),
            ("patientCount", device.PatientCount), ("prescribers", device.Prescribers is null ? null : string.Join("\n", device.Prescribers)),
        })
        {
            if (value is not null)
            {
                await page.Locator($"#f-{field}").FillAsync(value);
            }
        }

        if (device.Segment is not null)
        {
            await page.Locator("#f-segment").SelectOptionAsync(device.Segment);
        }
    }
}
