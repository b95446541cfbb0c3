using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Vendors;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Triage;

/// <summary>The installation's own vendor aliases: listed, and added by an admin (who and when recorded).</summary>
public sealed class VendorAliasEndpoints(IInstallationVendorAliasStore aliases, TriageEndpoints triage, ApiAuthorizer authorizer, TimeProvider time)
{
    public const int MaxAliasLength = 200;
    public const int MaxVendorIdLength = 100;
    public const int MaxNoteLength = 500;

    /// <summary><c>GET /api/vendors/aliases</c>: the aliases this installation added, with who added them and when.</summary>
    public async Task<IResult> ListAsync(CancellationToken cancellationToken)
    {
        var list = await aliases.ListAsync(cancellationToken);
        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = list.OrderBy(a => a.VendorId, StringComparer.Ordinal).ThenBy(a => a.Alias, StringComparer.OrdinalIgnoreCase).Select(Write).ToList(),
        });
    }

    /// <summary>
    /// <c>POST /api/vendors/aliases</c> with <c>{"alias", "vendorId", "note", "by"}</c>: the alias names the canonical
    /// vendor id (an existing catalogue id, or a new vendor named after the id) from the next matcher index on.
    /// </summary>
    public async Task<IResult> AddAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (values, problem) = await triage.ReadBodyAsync(request, ["alias", "vendorId", "note", "by"], cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var alias = values!.GetValueOrDefault("alias")?.Trim();
        if (string.IsNullOrEmpty(alias) || alias.Length > MaxAliasLength || ApiInput.HasControlCharacters(alias))
        {
            return ApiProblems.BadRequest("alias", $"is required: 1-{MaxAliasLength} characters without control characters");
        }

        var vendorId = values!.GetValueOrDefault("vendorId")?.Trim();
        if (string.IsNullOrEmpty(vendorId) || vendorId.Length > MaxVendorIdLength || !vendorId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            return ApiProblems.BadRequest("vendorId", $"is required: 1-{MaxVendorIdLength} characters of a-z, 0-9, '-', '_', '.' (a catalogue id)");
        }

        var note = values!.GetValueOrDefault("note")?.Trim();
        if (note is not null && (note.Length > MaxNoteLength || ApiInput.HasControlCharacters(note)))
        {
            return ApiProblems.BadRequest("note", $"must be at most {MaxNoteLength} characters without control characters");
        }

        var by = authorizer.PrincipalName(request) ?? values!.GetValueOrDefault("by")?.Trim();
        if (triage.ValidateBy(by) is { } byProblem)
        {
            return byProblem;
        }

        var saved = new InstallationVendorAlias(alias, vendorId, by!, time.GetUtcNow(), string.IsNullOrEmpty(note) ? null : note);
        await aliases.SaveAsync(saved, cancellationToken);
        return Results.Created("/api/vendors/aliases", Write(saved));
    }

    private static Dictionary<string, object?> Write(InstallationVendorAlias a) => new()
    {
        ["alias"] = a.Alias,
        ["vendorId"] = a.VendorId,
        ["by"] = a.By,
        ["at"] = a.At,
        ["note"] = a.Note,
    };
}
