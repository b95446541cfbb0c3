using System.Globalization;
using System.Text;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Console.Pages;

/// <summary>
/// CSV import in two steps: a preview that lists every line's errors and writes nothing, then a confirmation that
/// validates the same text again and stores it (all lines or none, as the API's import). Export in the same format.
/// </summary>
public sealed class DeviceImportPage(ConsoleLayout layout, ConsoleData data, DeviceAdministrationService administration, IOptions<ApiSecurityOptions> security)
{
    public IResult Show(ConsoleRequest request, string? csv, IReadOnlyList<ImportLineError> errors, Html? extra = null, int status = StatusCodes.Status200OK)
    {
        var errorTable = errors.Count == 0 ? Html.Empty : Html.Of($"""
            <div class="notice error" role="alert" id="import-errors"><h2>{errors.Count} {(errors.Count == 1 ? "problem" : "problems")} — nothing was imported</h2>
            <p>Correct the lines below (or your file) and preview again.</p></div>
            {Ui.Table("Problems by line", Html.Of($"<th scope=\"col\" class=\"n\">Line</th><th scope=\"col\">Field</th><th scope=\"col\">Problem</th>"),
                errors.Select(e => Html.Of($"<tr><td class=\"n\">{e.Line}</td><td>{e.Field}</td><td>{e.Message}</td></tr>")), "")}
            """);
        var body = Html.Of($"""
            {errorTable}
            {extra ?? Html.Empty}
            <form method="post" action="/devices/import" enctype="multipart/form-data" class="stack">
              {request.CsrfField}
              <p>The first line names the columns, as in an <a href="/devices/export.csv" download>export</a>:
              <code>{string.Join(",", DeviceCsv.Header)}</code>, optionally also <code>{string.Join(",", DeviceCsv.OptionalColumns)}</code>
              (patientCount: how many patients use the model, a number only). Contacts and prescribers are separated by <code>;</code>. A device with an id that exists is replaced.</p>
              <div class="field"><label for="file">CSV file</label><input id="file" name="file" type="file" accept=".csv,text/csv"></div>
              <div class="field"><label for="csv">Or paste or correct the CSV here</label>
                <textarea id="csv" name="csv" rows="10" spellcheck="false">{csv ?? ""}</textarea></div>
              <button type="submit">Preview import</button>
            </form>
            """);
        return layout.Page(request, "Import devices", "/devices", body, status);
    }

    public async Task<IResult> PreviewAsync(ConsoleRequest request)
    {
        var (csv, readError) = await ReadCsvAsync(request);
        if (csv is null)
        {
            return Show(request, null, [new ImportLineError(0, "file", readError!)], status: StatusCodes.Status400BadRequest);
        }

        var (devices, errors) = administration.ValidateCsv(csv);
        if (errors.Count > 0)
        {
            return Show(request, csv, errors, status: StatusCodes.Status400BadRequest);
        }

        if (devices.Count == 0)
        {
            return Show(request, csv, [new ImportLineError(1, "file", "the file holds a header but no devices")], status: StatusCodes.Status400BadRequest);
        }

        var existing = await data.DevicesAsync(request.Http.RequestAborted);
        var preview = Html.Of($"""
            <section aria-labelledby="pv-h" class="preview"><h2 id="pv-h">Preview: {devices.Count} devices, nothing stored yet</h2>
            {Ui.Table("Devices in the file", Html.Of($"<th scope=\"col\" class=\"n\">Line</th><th scope=\"col\">Id</th><th scope=\"col\">Manufacturer</th><th scope=\"col\">Model</th><th scope=\"col\">Version</th><th scope=\"col\">Segment</th><th scope=\"col\">Department</th><th scope=\"col\" class=\"n\">Patients</th><th scope=\"col\">Change</th>"),
                devices.Select(d => Html.Of($"<tr><td class=\"n\">{d.Line}</td><td>{d.Device.Id}</td><td>{d.Device.Manufacturer}</td><td>{d.Device.Model}</td><td>{d.Device.Version ?? "—"}</td><td>{ConsoleData.SegmentLabel(d.Device.Segment)}</td><td>{d.Device.Department}</td><td class=\"n\">{d.Device.PatientCount?.ToString(CultureInfo.InvariantCulture) ?? "—"}</td><td>{(existing.ContainsKey(d.Device.Id) ? "replace" : "new")}</td></tr>")), "")}
            <form method="post" action="/devices/import/confirm">
              {request.CsrfField}
              <input type="hidden" name="csv" value="{csv}">
              <button type="submit" id="confirm-import">Import {devices.Count} devices</button>
              <a href="/devices/import" class="button secondary">Cancel</a>
            </form></section>
            """);
        return layout.Page(request, "Import devices", "/devices", preview);
    }

    public async Task<IResult> ConfirmAsync(ConsoleRequest request)
    {
        var csv = request.Form["csv"].ToString();
        var (devices, errors) = administration.ValidateCsv(csv);
        if (errors.Count > 0 || devices.Count == 0)
        {
            return Show(request, csv, errors.Count > 0 ? errors : [new ImportLineError(1, "file", "the file holds no devices")], status: StatusCodes.Status400BadRequest);
        }

        var result = await administration.ImportAsync(devices, request.Http.RequestAborted);
        if (result.StorageError is { } storageError)
        {
            return Show(request, csv, [], Html.Of($"<p class=\"notice error\" role=\"alert\">{result.Stored} of {result.Total} devices were stored; {storageError} (line {result.FirstLineNotStored}). Import the same file again to complete it.</p>"), StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Redirect("/devices?done=imported");
    }

    public async Task<IResult> ExportAsync(ConsoleRequest request)
    {
        var devices = (await data.DevicesAsync(request.Http.RequestAborted)).Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        request.Http.Response.Headers.ContentDisposition = "attachment; filename=\"devices.csv\"";
        return Results.Text(DeviceCsv.Write(devices), "text/csv", Encoding.UTF8);
    }

    private async Task<(string? Csv, string? Error)> ReadCsvAsync(ConsoleRequest request)
    {
        var max = security.Value.MaxImportBytes;
        var file = request.Form.Files["file"];
        if (file is { Length: > 0 })
        {
            if (file.Length > max)
            {
                return (null, $"the file is larger than {max / 1024} KB");
            }

            using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, request.Http.RequestAborted);
            try
            {
                return (new UTF8Encoding(false, true).GetString(buffer.ToArray()).TrimStart('\uFEFF'), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, "the file is not UTF-8 text");
            }
        }

        var text = request.Form["csv"].ToString();
        return string.IsNullOrWhiteSpace(text) ? (null, "choose a CSV file or paste its content") : (text, null);
    }
}
