using AdvisoryTracker.Api.Security;
using System.Text.Json;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Registry;

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
        foreach (var property in body.EnumerateObject())
        {
            if (StringFields.Contains(property.Name))
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
            else if (property.Name == "contacts")
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new("contacts", "must be an array of email addresses"));
                    continue;
                }

                contacts = [];
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        contacts.Add(item.GetString()!);
                    }
                    else
                    {
                        errors.Add(new($"contacts[{i}]", "must be a string"));
                    }

                    i++;
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
        }, errors);
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
        return json;
    }

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
