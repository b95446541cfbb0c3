using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Devices;

/// <summary>
/// Validates registrations by allow-list: lengths and characters per field, the segment enum, real email addresses.
/// The registry takes no patient data: there is no field for a serial number, patient name or MRN, and unknown fields
/// are refused by the API before they get here.
/// </summary>
public sealed partial class DeviceValidator(IOptions<DeviceValidationOptions> options)
{
    public const int MaxNameLength = 100;
    public const int MaxVersionLength = 64;
    public const int MaxIdLength = 64;
    /// <summary>Largest accepted patient count (a count, never an identity).</summary>
    public const int MaxPatientCount = 10_000_000;

    private readonly DeviceValidationOptions _options = options.Value;

    public DeviceValidator()
        : this(Options.Create(new DeviceValidationOptions()))
    {
    }

    /// <summary>The device, or the list of field errors (never both).</summary>
    public (Device? Device, IReadOnlyList<FieldError> Errors) Validate(DeviceInput input, Func<string>? newId = null)
    {
        var errors = new List<FieldError>();
        var id = Clean(input.Id);
        if (id is null)
        {
            id = (newId ?? (() => "d-" + Guid.NewGuid().ToString("N")[..12]))();
        }
        else if (!IsValidId(id))
        {
            errors.Add(new("id", $"must be 1-{MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit (not 'import' or 'export')"));
        }

        var manufacturer = Required(input.Manufacturer, "manufacturer", MaxNameLength, NamePattern(), errors);
        var model = Required(input.Model, "model", MaxNameLength, NamePattern(), errors);
        var version = Clean(input.Version);
        if (version is not null && (version.Length > MaxVersionLength || !VersionPattern().IsMatch(version)))
        {
            errors.Add(new("version", $"must be at most {MaxVersionLength} letters, digits, spaces or . _ - + / ( ) :"));
        }

        CareSegment segment = default;
        if (Clean(input.Segment) is not { } segmentName)
        {
            errors.Add(new("segment", "is required: one of on-body, in-home, community, in-clinic, in-hospital"));
        }
        else if (!CareSegments.TryParse(segmentName, out segment))
        {
            errors.Add(new("segment", "must be one of on-body, in-home, community, in-clinic, in-hospital"));
        }

        var department = Required(input.Department, "department", MaxNameLength, NamePattern(), errors);
        var contacts = ValidateContacts(input.Contacts, errors);
        var prescribers = input.Prescribers is { Count: > 0 } given ? ValidateAddresses(given, "prescribers", errors) : [];
        int? patientCount = null;
        if (Clean(input.PatientCount) is { } countText)
        {
            if (int.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count <= MaxPatientCount)
            {
                patientCount = count;
            }
            else
            {
                errors.Add(new("patientCount", $"must be a whole number from 0 to {MaxPatientCount} (a count of patients, never names or ids)"));
            }
        }

        var productCode = Clean(input.FdaProductCode);
        if (productCode is not null && !ProductCodePattern().IsMatch(productCode))
        {
            errors.Add(new("fdaProductCode", "must be a three-letter FDA product code"));
        }

        var submission = Clean(input.FdaSubmissionNumber);
        if (submission is not null && !SubmissionPattern().IsMatch(submission))
        {
            errors.Add(new("fdaSubmissionNumber", "must be a 510(k) (K123456), De Novo (DEN123456) or PMA (P123456) number"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Device
        {
            Id = id,
            Manufacturer = manufacturer!,
            Model = model!,
            Version = version,
            Segment = segment,
            Department = department!,
            Contacts = contacts,
            FdaProductCode = productCode?.ToUpperInvariant(),
            FdaSubmissionNumber = submission?.ToUpperInvariant(),
            PatientCount = patientCount,
            Prescribers = prescribers,
        }, errors);
    }

    private List<string> ValidateContacts(IReadOnlyList<string>? contacts, List<FieldError> errors)
    {
        var valid = new List<string>();
        if (contacts is null || contacts.Count == 0)
        {
            errors.Add(new("contacts", "at least one clinician email address is required"));
            return valid;
        }

        return ValidateAddresses(contacts, "contacts", errors);
    }

    private List<string> ValidateAddresses(IReadOnlyList<string> contacts, string field, List<FieldError> errors)
    {
        var valid = new List<string>();
        if (contacts.Count > _options.MaxContacts)
        {
            errors.Add(new(field, $"at most {_options.MaxContacts} addresses are allowed"));
            return valid;
        }

        for (var i = 0; i < contacts.Count; i++)
        {
            var address = Clean(contacts[i]);
            if (address is null || !IsPlainEmailAddress(address))
            {
                errors.Add(new($"{field}[{i}]", "is not a valid email address"));
                continue;
            }

            if (!valid.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                valid.Add(address);
            }
        }

        return valid;
    }

    /// <summary>
    /// Whether <paramref name="id"/> can be a device id. Device ids are case-sensitive (compared ordinally, like the
    /// table keys they become): the registry, the API and the <c>match</c> CLI apply this same rule. "import" and "export" are refused: they name the routes
    /// <c>/devices/import</c> and <c>/devices/export</c>.
    /// </summary>
    public static bool IsValidId(string id) =>
        id.Length <= MaxIdLength
        && IdPattern().IsMatch(id)
        && !string.Equals(id, "import", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(id, "export", StringComparison.OrdinalIgnoreCase);

    /// <summary>A bare addr-spec (no display name, no comments, no control characters), at most 254 characters.</summary>
    public static bool IsPlainEmailAddress(string address) =>
        address.Length <= 254
        && EmailPattern().IsMatch(address)
        && MailAddress.TryCreate(address, out var parsed)
        && string.Equals(parsed.Address, address, StringComparison.Ordinal);

    private static string? Required(string? value, string field, int maxLength, Regex pattern, List<FieldError> errors)
    {
        var clean = Clean(value);
        if (clean is null)
        {
            errors.Add(new(field, "is required"));
            return null;
        }

        if (clean.Length > maxLength)
        {
            errors.Add(new(field, $"must be at most {maxLength} characters"));
            return null;
        }

        if (!pattern.IsMatch(clean))
        {
            errors.Add(new(field, "may contain only letters, digits, spaces and . , & ( ) ' / + - #"));
            return null;
        }

        return clean;
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N} .,&()'/+#-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\p{L}\p{N} ._+/():-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[A-Za-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductCodePattern();

    [GeneratedRegex(@"^(?:[Kk]\d{6}|[Dd][Ee][Nn]\d{6}|[Pp]\d{6}(?:/[Ss]\d{3})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex SubmissionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
