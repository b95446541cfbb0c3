using System.Text;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Registry;

namespace AdvisoryTracker.Api.Devices;

/// <summary>A device CSV read line by line: the inputs by 1-based line number, and what could not be read.</summary>
internal sealed record DeviceCsvReadResult(IReadOnlyList<(int Line, DeviceInput Input)> Rows, IReadOnlyList<ImportLineError> Errors);

/// <summary>The device CSV format the import and export routes use (swappable for the domain's DeviceCsv).</summary>
internal interface IDeviceCsvFormat
{
    DeviceCsvReadResult Read(string text);

    void Write(IEnumerable<Device> devices, TextWriter output);
}

/// <summary>
/// A minimal RFC 4180 device CSV: header <c>id,manufacturer,model,version,segment,department,contacts</c> (any order;
/// optional <c>fdaProductCode,fdaSubmissionNumber</c>; any other column is refused, so nothing that could carry patient
/// data is taken), contacts separated by ';'. Quoted fields may hold commas, quotes ("") and line breaks. On export, a
/// value that a spreadsheet would run as a formula (= + - @ tab CR first) is prefixed with ', which import removes.
/// </summary>
internal sealed class CsvImport : IDeviceCsvFormat
{
    public static readonly string[] RequiredColumns = ["id", "manufacturer", "model", "version", "segment", "department", "contacts"];
    public static readonly string[] OptionalColumns = ["fdaProductCode", "fdaSubmissionNumber"];

    public DeviceCsvReadResult Read(string text)
    {
        var rows = new List<(int, DeviceInput)>();
        var errors = new List<ImportLineError>();
        var records = ReadRecords(text.StartsWith('\uFEFF') ? text[1..] : text, errors);
        if (errors.Count > 0)
        {
            return new DeviceCsvReadResult(rows, errors);
        }

        if (records.Count == 0)
        {
            errors.Add(new ImportLineError(1, "header", $"the file is empty; the first line must be {string.Join(',', RequiredColumns)}"));
            return new DeviceCsvReadResult(rows, errors);
        }

        var (_, header) = records[0];
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!RequiredColumns.Concat(OptionalColumns).Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new ImportLineError(1, Truncate(name), "is not an accepted column (device models only: no serial numbers or patient data)"));
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add(new ImportLineError(1, name, "appears twice in the header"));
            }
        }

        errors.AddRange(RequiredColumns.Where(c => !columns.ContainsKey(c)).Select(c => new ImportLineError(1, c, "column is missing from the header")));
        if (errors.Count > 0)
        {
            return new DeviceCsvReadResult(rows, errors);
        }

        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != header.Count)
            {
                errors.Add(new ImportLineError(line, "line", $"has {fields.Count} fields; the header has {header.Count}"));
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
            }));
        }

        return new DeviceCsvReadResult(rows, errors);
    }

    public void Write(IEnumerable<Device> devices, TextWriter output)
    {
        output.Write(string.Join(',', RequiredColumns.Concat(OptionalColumns)));
        output.Write("\r\n");
        foreach (var d in devices)
        {
            string?[] values = [d.Id, d.Manufacturer, d.Model, d.Version, d.Segment.ToName(), d.Department, string.Join(';', d.Contacts), d.FdaProductCode, d.FdaSubmissionNumber];
            output.Write(string.Join(',', values.Select(v => Quote(Protect(v ?? "")))));
            output.Write("\r\n");
        }
    }

    /// <summary>RFC 4180 records with the line each starts on; a malformed quote is reported on its line.</summary>
    private static List<(int Line, List<string> Fields)> ReadRecords(string text, List<ImportLineError> errors)
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
                        errors.Add(new ImportLineError(line, "line", "a closing quote must be followed by a comma or the end of the line"));
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
                    errors.Add(new ImportLineError(line, "line", "a quote may only open a field (write \"\" inside a quoted field)"));
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
            errors.Add(new ImportLineError(recordLine, "line", "a quoted field is not closed"));
            return records;
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static string Protect(string value) =>
        value.Length > 0 && (IsFormulaStart(value[0]) || (value[0] == '\'' && value.Length > 1 && IsFormulaStart(value[1]))) ? "'" + value : value;

    private static string Unprotect(string value) =>
        value.Length > 1 && value[0] == '\'' && IsFormulaStart(value[1]) ? value[1..] : value;

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
