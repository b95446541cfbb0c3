using System.Text.Json;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Devices;

namespace AdvisoryTracker.Api.Devices;

/// <summary>
/// The device JSON the API reads and writes. Reading is by allow-list: any other field is refused by name, so nothing
/// that could carry patient data (serial numbers, patient names, MRNs) can slip into the registry.
/// </summary>
public static class DeviceJson
{
    private static readonly HashSet<string> StringFields = new(StringComparer.Ordinal)
    {
        "id", "manufacturer", "model", "version", "segment", "department", "fdaProductCode", "fdaSubmissionNumber",
    };

    public static (DeviceInput? Input, IReadOnlyList<FieldError> Errors) Read(JsonElement body)
    {
        var errors = new List<FieldError>();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        List<string>? contacts = null;
        List<string>? prescribers = null;
        string? patientCount = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name == "patientCount")
            {
                if (property.Value.ValueKind == JsonValueKind.Number)
                {
                    patientCount = property.Value.GetRawText();
                }
                else if (property.Value.ValueKind is not JsonValueKind.Null)
                {
                    errors.Add(new("patientCount", "must be a whole number (a count of patients, never names or ids)"));
                }
            }
            else if (StringFields.Contains(property.Name))
            {
                if (property.Value.ValueKind is JsonValueKind.String)
                {
                    values[property.Name] = property.Value.GetString();
                }
                else if (property.Value.ValueKind is not JsonValueKind.Null)
                {
                    errors.Add(new(property.Name, "must be a string"));
                }
            }
            else if (property.Name is "contacts" or "prescribers")
            {
                var list = ReadAddresses(property, errors);
                if (property.Name == "contacts")
                {
                    contacts = list;
                }
                else
                {
                    prescribers = list;
                }
            }
            else
            {
                errors.Add(new(Truncate(property.Name), "is not an accepted field (the registry holds device models only: no serial numbers or patient data)"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new DeviceInput
        {
            Id = values.GetValueOrDefault("id"),
            Manufacturer = values.GetValueOrDefault("manufacturer"),
            Model = values.GetValueOrDefault("model"),
            Version = values.GetValueOrDefault("version"),
            Segment = values.GetValueOrDefault("segment"),
            Department = values.GetValueOrDefault("department"),
            Contacts = contacts,
            FdaProductCode = values.GetValueOrDefault("fdaProductCode"),
            FdaSubmissionNumber = values.GetValueOrDefault("fdaSubmissionNumber"),
            PatientCount = patientCount,
            Prescribers = prescribers,
        }, errors);
    }

    private static List<string>? ReadAddresses(JsonProperty property, List<FieldError> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Null && property.Name == "prescribers")
        {
            return null;
        }

        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(property.Name, "must be an array of email addresses"));
            return null;
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in property.Value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
            else
            {
                errors.Add(new($"{property.Name}[{i}]", "must be a string"));
            }

            i++;
        }

        return list;
    }

    /// <summary>The device as JSON; contact addresses only for a caller who may see them (<see cref="ApiCaller"/>), else their count.</summary>
    public static Dictionary<string, object?> Write(Device device)
    {
        var json = new Dictionary<string, object?>
        {
            ["id"] = device.Id,
            ["manufacturer"] = device.Manufacturer,
            ["model"] = device.Model,
            ["version"] = device.Version,
            ["segment"] = device.Segment.ToName(),
            ["department"] = device.Department,
        };
        if (ApiCaller.CanSeeContacts)
        {
            json["contacts"] = device.Contacts;
        }

        json["contactCount"] = device.Contacts.Count;
        json["fdaProductCode"] = device.FdaProductCode;
        json["fdaSubmissionNumber"] = device.FdaSubmissionNumber;
        json["patientCount"] = device.PatientCount;
        if (ApiCaller.CanSeeContacts)
        {
            json["prescribers"] = device.Prescribers;
        }

        json["prescriberCount"] = device.Prescribers.Count;
        return json;
    }

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
