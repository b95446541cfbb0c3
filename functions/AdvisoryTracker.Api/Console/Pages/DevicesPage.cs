using System.Globalization;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>
/// Devices: search and filter, register and edit. Changes go through the same registration and administration
/// services as the JSON API, so a form shows the same per-field errors as the API's problem details.
/// </summary>
public sealed class DevicesPage(
    ConsoleData data,
    ConsoleLayout layout,
    IDeviceRegistry registry,
    IRemediationStore remediation,
    DeviceRegistrationService registration,
    DeviceAdministrationService administration)
{
    private static readonly (string Name, string Label)[] Fields =
    [
        ("id", "Device id"),
        ("manufacturer", "Manufacturer"),
        ("model", "Model"),
        ("version", "Firmware or software version"),
        ("segment", "IoMT segment"),
        ("department", "Department"),
        ("contacts", "Clinician email addresses"),
        ("patientCount", "Patients using this model"),
        ("prescribers", "Prescribing clinicians' email addresses"),
        ("fdaProductCode", "FDA product code"),
        ("fdaSubmissionNumber", "510(k), De Novo or PMA number"),
    ];

    public async Task<IResult> ListAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var q = request.Query("q");
        var segment = request.Query("segment");
        var department = request.Query("department");
        var all = (await data.DevicesAsync(ct)).Values.ToList();
        var openByDevice = (await data.BoardAsync(ct)).Where(b => b.IsOpen).GroupBy(b => b.Match.DeviceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shown = all
            .Where(d => q is null || new[] { d.Id, d.Manufacturer, d.Model, d.Version ?? "", d.Department }.Any(v => v.Contains(q, StringComparison.OrdinalIgnoreCase)))
            .Where(d => segment is null || d.Segment.ToName() == segment)
            .Where(d => department is null || string.Equals(d.Department, department, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.Manufacturer, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Model, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var departments = all.Select(d => d.Department).Where(d => d.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);

        var actions = request.IsAdmin
            ? Html.Of($"<p class=\"actions\"><a class=\"button\" href=\"/devices/new\">Register a device</a> <a class=\"button secondary\" href=\"/devices/import\">Import CSV</a> <a class=\"button secondary\" href=\"/devices/export.csv\" download>Export CSV</a></p>")
            : Html.Of($"<p class=\"actions\"><a class=\"button secondary\" href=\"/devices/export.csv\" download>Export CSV</a></p>");
        var filters = Html.Of($"""
            <form method="get" action="/devices" class="filters" role="search" aria-label="Filter devices">
              <div class="field"><label for="q">Search</label><input id="q" name="q" type="search" value="{q ?? ""}" placeholder="id, manufacturer, model…"></div>
              {Ui.Select("segment", "IoMT segment", [("", "Any"), .. CareSegments.ByName.Select(s => (s.Key, ConsoleData.SegmentLabel(s.Value)))], segment)}
              {Ui.Select("department", "Department", [("", "Any"), .. departments.Select(d => (d, d))], department)}
              <button type="submit">Filter</button>
            </form>
            """);
        var table = Ui.Table(
            $"{shown.Count} of {all.Count} devices",
            Html.Of($"<th scope=\"col\">Id</th><th scope=\"col\">Manufacturer</th><th scope=\"col\">Model</th><th scope=\"col\">Version</th><th scope=\"col\">Segment</th><th scope=\"col\">Department</th><th scope=\"col\" class=\"n\">Open matches</th>"),
            shown.Select(d => Html.Of($"""
                <tr><td>{Ui.DeviceLink(d.Id)}</td><td>{d.Manufacturer}</td><td>{d.Model}</td><td>{d.Version ?? "—"}</td><td>{ConsoleData.SegmentLabel(d.Segment)}</td><td>{d.Department}</td><td class="n">{openByDevice.GetValueOrDefault(d.Id)}</td></tr>
                """)),
            all.Count == 0 ? "No device is registered yet." : "No device matches these filters.");
        return layout.Page(request, "Devices", "/devices", Html.Of($"{actions}{filters}{table}"));
    }

    public IResult NewForm(ConsoleRequest request) =>
        layout.Page(request, "Register a device", "/devices", Form(request, "/devices/new", null, Values(request), [], "Register device"));

    public async Task<IResult> RegisterAsync(ConsoleRequest request)
    {
        var input = Input(request);
        var result = await registration.RegisterAsync(input, request.Http.RequestAborted);
        if (result.Outcome == RegistrationOutcome.Created)
        {
            return Results.Redirect($"/devices/{Uri.EscapeDataString(result.Device!.Device.Id)}?done=registered");
        }

        return layout.Page(request, "Register a device", "/devices", Form(request, "/devices/new", null, Values(request), result.Errors, "Register device"), StatusCodes.Status400BadRequest);
    }

    public async Task<IResult> EditFormAsync(ConsoleRequest request)
    {
        var ct = request.Http.RequestAborted;
        var stored = await registry.GetAsync(request.Route("id"), ct);
        if (stored is null)
        {
            return layout.Error(request.Http, StatusCodes.Status404NotFound, "Device not found", "There is no device with this id.");
        }

        var matches = await remediation.ListForDeviceAsync(stored.Device.Id, ct);
        var matchTable = Ui.Table(
            "Advisories that match this device",
            Html.Of($"<th scope=\"col\">Advisory</th><th scope=\"col\">Match</th><th scope=\"col\">Remediation</th><th scope=\"col\">Why</th>"),
            matches.Where(m => m.Match.Status.IsFlagged()).Select(m => Html.Of($"""
                <tr><td data-label="Advisory">{Ui.AdvisoryLink(m.Match.AdvisoryId)}</td><td data-label="Match">{ConsoleData.MatchLabel(m.Match.Status)}</td><td data-label="Remediation">{Ui.StatusBadge(m.Remediation.Status)}</td><td data-label="Why">{Ui.WhyThisDevice(stored.Device, m.Match)}</td></tr>
                """)),
            "No stored advisory matches this device (new devices are matched within a minute).",
            "stack");
        var title = $"{stored.Device.Manufacturer} {stored.Device.Model}";
        var details = request.IsAdmin
            ? Form(request, $"/devices/{Uri.EscapeDataString(stored.Device.Id)}", stored.ETag, Values(stored.Device), [], "Save changes")
            : ReadOnly(stored.Device);
        return layout.Page(request, title, "/devices", Html.Of($"{details}<section aria-labelledby=\"m-h\"><h2 id=\"m-h\">Matches</h2>{matchTable}</section>"));
    }

    public async Task<IResult> ReplaceAsync(ConsoleRequest request)
    {
        var id = request.Route("id");
        var etag = request.Field("etag") ?? "";
        var input = Input(request) with { Id = id };
        var result = await administration.ReplaceAsync(id, input, etag, request.Http.RequestAborted);
        var values = Values(request);
        values["id"] = id;
        return result.Outcome switch
        {
            DeviceWriteOutcome.Done => Results.Redirect($"/devices/{Uri.EscapeDataString(id)}?done=saved"),
            DeviceWriteOutcome.NotFound => layout.Error(request.Http, StatusCodes.Status404NotFound, "Device not found", "The device was deleted meanwhile."),
            DeviceWriteOutcome.PreconditionFailed => layout.Page(request, "Edit device", "/devices",
                Form(request, $"/devices/{Uri.EscapeDataString(id)}", etag, values, [new FieldError("form", "Someone changed this device while you were editing. Reload the page to see their change, then edit again.")], "Save changes"),
                StatusCodes.Status409Conflict),
            _ => layout.Page(request, "Edit device", "/devices", Form(request, $"/devices/{Uri.EscapeDataString(id)}", etag, values, result.Errors, "Save changes"), StatusCodes.Status400BadRequest),
        };
    }

    private static DeviceInput Input(ConsoleRequest request) => new()
    {
        Id = request.Field("id"),
        Manufacturer = request.Field("manufacturer"),
        Model = request.Field("model"),
        Version = request.Field("version"),
        Segment = request.Field("segment"),
        Department = request.Field("department"),
        Contacts = Addresses(request.Field("contacts")),
        FdaProductCode = request.Field("fdaProductCode"),
        FdaSubmissionNumber = request.Field("fdaSubmissionNumber"),
        PatientCount = request.Field("patientCount"),
        Prescribers = Addresses(request.Field("prescribers")),
    };

    /// <summary>Email addresses from a text area: one per line, or separated by commas or semicolons.</summary>
    private static string[] Addresses(string? text) =>
        (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Dictionary<string, string> Values(ConsoleRequest request) =>
        Fields.ToDictionary(f => f.Name, f => request.Form[f.Name].ToString(), StringComparer.Ordinal);

    private static Dictionary<string, string> Values(Device d) => new(StringComparer.Ordinal)
    {
        ["id"] = d.Id,
        ["manufacturer"] = d.Manufacturer,
        ["model"] = d.Model,
        ["version"] = d.Version ?? "",
        ["segment"] = d.Segment.ToName(),
        ["department"] = d.Department,
        ["contacts"] = string.Join("\n", d.Contacts),
        ["fdaProductCode"] = d.FdaProductCode ?? "",
        ["fdaSubmissionNumber"] = d.FdaSubmissionNumber ?? "",
        ["patientCount"] = d.PatientCount?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["prescribers"] = string.Join("\n", d.Prescribers),
    };

    private static Html ReadOnly(Device d) => Html.Of($"""
        <dl class="facts">
          <dt>Id</dt><dd>{d.Id}</dd><dt>Manufacturer</dt><dd>{d.Manufacturer}</dd><dt>Model</dt><dd>{d.Model}</dd>
          <dt>Version</dt><dd>{d.Version ?? "—"}</dd><dt>IoMT segment</dt><dd>{ConsoleData.SegmentLabel(d.Segment)}</dd>
          <dt>Department</dt><dd>{d.Department}</dd><dt>Clinicians</dt><dd>{string.Join(", ", d.Contacts)}</dd>
          <dt>Patients using this model</dt><dd>{Patients(d.PatientCount)}</dd>
          <dt>Prescribing clinicians</dt><dd>{(d.Prescribers.Count == 0 ? "—" : string.Join(", ", d.Prescribers))}</dd>
        </dl>
        """);

    /// <summary>The device form; each field shows its own errors (field names as in the API's problem details).</summary>
    private static Html Form(ConsoleRequest request, string action, string? etag, Dictionary<string, string> values, IReadOnlyList<FieldError> errors, string submit)
    {
        string Key(string field) => field.Split('[')[0];
        var byField = errors.GroupBy(e => Key(e.Field), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var summary = errors.Count == 0 ? Html.Empty : Html.Of($"""
            <div class="notice error" role="alert" id="error-summary"><h2>Please correct {errors.Count} {(errors.Count == 1 ? "problem" : "problems")}</h2>
            <ul>{errors.Select(e => Html.Of($"<li><a href=\"#f-{Key(e.Field)}\">{Label(Key(e.Field))}: {e.Message}</a></li>"))}</ul></div>
            """);

        Html Input(string name, string type = "text", bool required = false, string? hint = null, bool readOnly = false)
        {
            var fieldErrors = byField.GetValueOrDefault(name);
            var describedBy = string.Join(' ', new[] { hint is null ? null : $"h-{name}", fieldErrors is null ? null : $"e-{name}" }.OfType<string>());
            var attributes = Html.Of($"id=\"f-{name}\" name=\"{name}\"{(required ? Html.Trusted(" required") : Html.Empty)}{(readOnly ? Html.Trusted(" readonly") : Html.Empty)}{(fieldErrors is null ? Html.Empty : Html.Trusted(" aria-invalid=\"true\""))}{(describedBy.Length > 0 ? Html.Of($" aria-describedby=\"{describedBy}\"") : Html.Empty)}");
            var control = name switch
            {
                "segment" => Html.Of($"<select {attributes}>{Html.Of($"<option value=\"\">Choose…</option>")}{CareSegments.ByName.Select(s => Ui.Option(s.Key, ConsoleData.SegmentLabel(s.Value), values.GetValueOrDefault(name)))}</select>"),
                "contacts" or "prescribers" => Html.Of($"<textarea {attributes} rows=\"3\">{values.GetValueOrDefault(name)}</textarea>"),
                "patientCount" => Html.Of($"<input {attributes} type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"{values.GetValueOrDefault(name)}\">"),
                _ => Html.Of($"<input {attributes} type=\"{type}\" value=\"{values.GetValueOrDefault(name)}\">"),
            };
            return Html.Of($"""
                <div class="field{(fieldErrors is null ? "" : " invalid")}"><label for="f-{name}">{Label(name)}{(required ? Html.Empty : Html.Of($" <span class=\"muted\">(optional)</span>"))}</label>
                {(hint is null ? Html.Empty : Html.Of($"<p class=\"hint\" id=\"h-{name}\">{hint}</p>"))}
                {(fieldErrors is null ? Html.Empty : Html.Of($"<p class=\"field-error\" id=\"e-{name}\">{string.Join("; ", fieldErrors.Select(e => e.Message))}</p>"))}
                {control}</div>
                """);
        }

        return Html.Of($"""
            {summary}
            <form method="post" action="{action}" class="stack device-form" novalidate>
              {request.CsrfField}
              {(etag is null ? Html.Empty : Html.Of($"<input type=\"hidden\" name=\"etag\" value=\"{etag}\">"))}
              {Input("id", hint: etag is null ? "Letters, digits, '.', '_' or '-'. Leave empty to have one made." : "The id cannot change.", readOnly: etag is not null)}
              {Input("manufacturer", required: true)}
              {Input("model", required: true)}
              {Input("version", hint: "As shown on the device; leave empty when unknown (matches are then 'possibly affected').")}
              {Input("segment", required: true, hint: "Where the device is used: on the body, at a patient's home, in the community, in a clinic, in the hospital.")}
              {Input("department", required: true)}
              {Input("contacts", required: true, hint: "One per line. They receive the advisories about this device.")}
              {Input("patientCount", hint: "For devices prescribed to patients (on-body, in-home): how many patients use this model. A number only, never names or ids.")}
              {Input("prescribers", hint: "One per line. Clinicians who prescribe this model; they receive its advisories too.")}
              {Input("fdaProductCode")}
              {Input("fdaSubmissionNumber")}
              <button type="submit">{submit}</button>
            </form>
            """);
    }

    private static string Patients(int? count) => count switch
    {
        null => "Not recorded",
        1 => "1 patient",
        { } n => $"{n.ToString(CultureInfo.InvariantCulture)} patients",
    };

    private static string Label(string field) => Fields.FirstOrDefault(f => f.Name == field).Label ?? (field == "form" ? "Form" : field);
}
