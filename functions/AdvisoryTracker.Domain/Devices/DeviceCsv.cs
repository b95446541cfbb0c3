using System.Text;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Devices;

/// <summary>A problem on one line of a device CSV (1-based line number as an editor shows it).</summary>
public sealed record DeviceCsvError(int LineNumber, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}

/// <summary>The devices read from a CSV and the lines that could not be read (nothing is dropped silently).</summary>
public sealed record DeviceCsvResult(IReadOnlyList<Device> Devices, IReadOnlyList<DeviceCsvError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// The device inventory CSV (RFC 4180): header <c>id,manufacturer,model,version,segment,department,contacts</c>,
/// quoted fields may hold commas, quotes ("") and line breaks; contacts are separated by <c>;</c>; version may be
/// empty (unknown). Used by the dry-run CLI and the admin API's import and export.
/// </summary>
public static partial class DeviceCsv
{
    public static readonly IReadOnlyList<string> Header = ["id", "manufacturer", "model", "version", "segment", "department", "contacts"];

    /// <summary>Longest value accepted in any field.</summary>
    public const int MaxFieldLength = 500;

    public static DeviceCsvResult Parse(string text)
    {
        var devices = new List<Device>();
        var errors = new List<DeviceCsvError>();
        var records = ReadRecords(text.TrimStart('\uFEFF'), errors);
        if (records.Count == 0)
        {
            errors.Add(new DeviceCsvError(1, "the file is empty; expected the header " + string.Join(",", Header)));
            return new DeviceCsvResult(devices, errors);
        }

        var (headerLine, header) = records[0];
        if (!header.Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(Header))
        {
            errors.Add(new DeviceCsvError(headerLine, $"header must be '{string.Join(",", Header)}', found '{string.Join(",", header)}'"));
            return new DeviceCsvResult(devices, errors);
        }

        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Trim().Length == 0)
            {
                continue; // blank line
            }

            if (fields.Count != Header.Count)
            {
                errors.Add(new DeviceCsvError(line, $"expected {Header.Count} fields, found {fields.Count} (quote values that contain commas)"));
                continue;
            }

            var problems = new List<string>();
            var values = fields.Select(f => f.Trim()).ToList();
            if (values.FindIndex(v => v.Length > MaxFieldLength) is var tooLong and >= 0)
            {
                problems.Add($"{Header[tooLong]} is longer than {MaxFieldLength} characters");
            }

            var (id, manufacturer, model, version, segmentName, department, contactText) = (values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
            if (id.Length == 0)
            {
                problems.Add("id is empty");
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

            var contacts = contactText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var contact in contacts.Where(c => !IsEmail(c)))
            {
                problems.Add($"contact '{contact}' is not an email address");
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
            });
        }

        return new DeviceCsvResult(devices, errors);
    }

    /// <summary>Writes devices in the same format <see cref="Parse"/> reads (header, CRLF-free, quoting where needed).</summary>
    public static string Write(IEnumerable<Device> devices)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Header)).Append('\n');
        foreach (var d in devices)
        {
            string[] fields = [d.Id, d.Manufacturer, d.Model, d.Version ?? "", d.Segment.ToName(), d.Department, string.Join(";", d.Contacts)];
            sb.Append(string.Join(",", fields.Select(Quote))).Append('\n');
        }

        return sb.ToString();
    }

    public static bool IsEmail(string value) => Email().IsMatch(value);

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    private static List<(int Line, List<string> Fields)> ReadRecords(string text, List<DeviceCsvError> errors)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quotedStartLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    quotedStartLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            errors.Add(new DeviceCsvError(quotedStartLine, "a quoted value is not closed"));
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
