using System.Text;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Devices;

/// <summary>
/// The device inventory CSV (RFC 4180): header <c>id,manufacturer,model,version,segment,department,contacts</c> in any
/// order, optionally <c>fdaProductCode,fdaSubmissionNumber</c>; any other column is refused, so nothing that could carry
/// patient data is taken. Quoted fields may hold commas, quotes ("") and line breaks; contacts are separated by
/// <c>;</c>; version may be empty (unknown). On write, a value a spreadsheet would run as a formula (= + - @ tab CR
/// first) is prefixed with <c>'</c>, which reading removes. Used by the CLI (<c>match</c>, <c>devices</c>) and the
/// admin API's import and export.
/// </summary>
public static partial class DeviceCsv
{
    public static readonly IReadOnlyList<string> Header = ["id", "manufacturer", "model", "version", "segment", "department", "contacts"];

    public static readonly IReadOnlyList<string> OptionalColumns = ["fdaProductCode", "fdaSubmissionNumber", "patientCount", "prescribers"];

    /// <summary>Longest value accepted in any field by <see cref="Parse"/>.</summary>
    public const int MaxFieldLength = 500;

    /// <summary>
    /// Reads the lines of a device CSV as raw registrations (formula protection removed, nothing else checked), for
    /// validation with the registration rules. Header and quoting problems are reported by line; after a broken quote
    /// nothing further is read.
    /// </summary>
    public static DeviceCsvRows ReadRows(string text)
    {
        var rows = new List<(int, DeviceInput)>();
        var errors = new List<DeviceCsvError>();
        var records = ReadRecords(text.TrimStart('\uFEFF'), errors);
        if (errors.Count > 0)
        {
            return new DeviceCsvRows(rows, errors);
        }

        if (records.Count == 0)
        {
            errors.Add(new DeviceCsvError(1, $"the file is empty; the first line must be {string.Join(',', Header)}", "header"));
            return new DeviceCsvRows(rows, errors);
        }

        var (headerLine, header) = records[0];
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!Header.Concat(OptionalColumns).Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var shown = name.Length <= 64 ? name : name[..64] + "…";
                errors.Add(new DeviceCsvError(headerLine, "is not an accepted column (device models only: no serial numbers or patient data)", shown));
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add(new DeviceCsvError(headerLine, "appears twice in the header", name));
            }
        }

        errors.AddRange(Header.Where(c => !columns.ContainsKey(c)).Select(c => new DeviceCsvError(headerLine, "column is missing from the header", c)));
        if (errors.Count > 0)
        {
            return new DeviceCsvRows(rows, errors);
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Trim().Length == 0)
            {
                continue; // blank line
            }

            if (fields.Count != header.Count)
            {
                errors.Add(new DeviceCsvError(line, $"has {fields.Count} fields; the header has {header.Count} (quote values that contain commas)"));
                continue;
            }

            string? Field(string name) => columns.TryGetValue(name, out var index) ? Unprotect(fields[index]) : null;
            rows.Add((line, new DeviceInput
            {
                Id = Field("id"),
                Manufacturer = Field("manufacturer"),
                Model = Field("model"),
                Version = Field("version"),
                Segment = Field("segment"),
                Department = Field("department"),
                Contacts = (Field("contacts") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                FdaProductCode = Field("fdaProductCode"),
                FdaSubmissionNumber = Field("fdaSubmissionNumber"),
                PatientCount = Field("patientCount"),
                Prescribers = (Field("prescribers") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            }));
        }

        return new DeviceCsvRows(rows, errors);
    }

    /// <summary>
    /// Reads an inventory for a dry run (no registry): every line's problems in one error on that line, ids valid and
    /// unique by the registry's rule (<see cref="DeviceValidator.IsValidId"/>; case-sensitive: "Pump-1" and
    /// "pump-1" are two devices, as in the registry), contacts email-shaped.
    /// </summary>
    public static DeviceCsvResult Parse(string text)
    {
        var devices = new List<Device>();
        var read = ReadRows(text);
        var errors = read.Errors.ToList();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, input) in read.Rows)
        {
            var problems = new List<string>();
            string[] values = [input.Id ?? "", input.Manufacturer ?? "", input.Model ?? "", input.Version ?? "", input.Segment ?? "", input.Department ?? ""];
            values = [.. values.Select(v => v.Trim())];
            if (Array.FindIndex(values, v => v.Length > MaxFieldLength) is var tooLong and >= 0)
            {
                problems.Add($"{Header[tooLong]} is longer than {MaxFieldLength} characters");
            }

            var (id, manufacturer, model, version, segmentName, department) = (values[0], values[1], values[2], values[3], values[4], values[5]);
            if (id.Length == 0)
            {
                problems.Add("id is empty");
            }
            else if (!DeviceValidator.IsValidId(id))
            {
                problems.Add($"id '{id}' is not a valid device id (1-{DeviceValidator.MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit)");
            }
            else if (ids.TryGetValue(id, out var firstLine))
            {
                problems.Add($"id '{id}' is already used on line {firstLine}");
            }

            if (manufacturer.Length == 0)
            {
                problems.Add("manufacturer is empty");
            }

            if (model.Length == 0)
            {
                problems.Add("model is empty");
            }

            if (!CareSegments.TryParse(segmentName, out var segment))
            {
                problems.Add($"segment '{segmentName}' is not one of {string.Join(", ", CareSegments.ByName.Keys)}");
            }

            var contacts = input.Contacts ?? [];
            foreach (var contact in contacts.Where(c => !IsEmail(c)))
            {
                problems.Add($"contact '{contact}' is not an email address");
            }

            var prescribers = input.Prescribers ?? [];
            foreach (var prescriber in prescribers.Where(c => !IsEmail(c)))
            {
                problems.Add($"prescriber '{prescriber}' is not an email address");
            }

            int? patientCount = null;
            if (NullIfBlank(input.PatientCount) is { } countText)
            {
                if (int.TryParse(countText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
                {
                    patientCount = count;
                }
                else
                {
                    problems.Add($"patientCount '{countText}' is not a whole number of 0 or more");
                }
            }

            if (problems.Count > 0)
            {
                errors.Add(new DeviceCsvError(line, string.Join("; ", problems)));
                continue;
            }

            ids[id] = line;
            devices.Add(new Device
            {
                Id = id,
                Manufacturer = manufacturer,
                Model = model,
                Version = version.Length == 0 ? null : version,
                Segment = segment,
                Department = department,
                Contacts = contacts,
                FdaProductCode = NullIfBlank(input.FdaProductCode),
                FdaSubmissionNumber = NullIfBlank(input.FdaSubmissionNumber),
                PatientCount = patientCount,
                Prescribers = prescribers,
            });
        }

        return new DeviceCsvResult(devices, [.. errors.OrderBy(e => e.LineNumber)]);
    }

    /// <summary>Writes devices in the format <see cref="ReadRows"/> reads: the full header, CRLF line ends, quoting and formula protection where needed.</summary>
    public static void Write(IEnumerable<Device> devices, TextWriter output)
    {
        output.Write(string.Join(',', Header.Concat(OptionalColumns)));
        output.Write("\r\n");
        foreach (var d in devices)
        {
            string?[] values = [d.Id, d.Manufacturer, d.Model, d.Version, d.Segment.ToName(), d.Department, string.Join(';', d.Contacts), d.FdaProductCode, d.FdaSubmissionNumber,
                d.PatientCount?.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(';', d.Prescribers)];
            output.Write(string.Join(',', values.Select(v => Quote(Protect(v ?? "")))));
            output.Write("\r\n");
        }
    }

    /// <inheritdoc cref="Write(IEnumerable{Device}, TextWriter)"/>
    public static string Write(IEnumerable<Device> devices)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(devices, writer);
        return writer.ToString();
    }

    public static bool IsEmail(string value) => Email().IsMatch(value);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Whether a spreadsheet would run the value as a formula once any leading <c>'</c> are taken away (so protection round-trips).</summary>
    private static bool NeedsProtection(ReadOnlySpan<char> value)
    {
        var start = value.IndexOfAnyExcept('\'');
        return start >= 0 && value[start] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    private static string Protect(string value) => NeedsProtection(value) ? "'" + value : value;

    private static string Unprotect(string value) => value.StartsWith('\'') && NeedsProtection(value.AsSpan(1)) ? value[1..] : value;

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    /// <summary>RFC 4180 records with the line each starts on; a malformed quote is reported on its line and ends the reading.</summary>
    private static List<(int Line, List<string> Fields)> ReadRecords(string text, List<DeviceCsvError> errors)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var quoted = false;
        var fieldStarted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                    i++;
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        errors.Add(new DeviceCsvError(line, "a closing quote must be followed by a comma or the end of the line"));
                        return records;
                    }

                    continue;
                }

                if (c == '\n')
                {
                    line++;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    i++;
                    break;
                case '"':
                    errors.Add(new DeviceCsvError(line, "a quote may only open a field (write \"\" inside a quoted field)"));
                    return records;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    i++;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    records.Add((recordLine, fields));
                    fields = [];
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    i++;
                    break;
            }
        }

        if (quoted)
        {
            errors.Add(new DeviceCsvError(recordLine, "a quoted value is not closed"));
            return records;
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }

    [GeneratedRegex(@"^[^@\s;,<>""]+@[^@\s;,<>""]+\.[^@\s;,<>""]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
