using System.Text.Json;
using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Triage;
using AdvisoryTracker.Domain.Vendors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Triage;

/// <summary>
/// Triage of <c>possibly_affected</c> matches: the queue, a reviewer's confirm/dismiss decision (who, when, why, on
/// which evidence), and the vendor aliases confirmations taught.
/// </summary>
public sealed class TriageEndpoints(
    IRemediationStore matches,
    ITriageStore decisions,
    IAdvisoryStore advisories,
    IDeviceRegistry registry,
    InstallationVendorCatalogue catalogues,
    ApiAuthorizer authorizer,
    Remediation.TriageService triage,
    IOptions<ApiSecurityOptions> security)
{
    public const int MaxReasonLength = 1000;
    public const int MaxByLength = 200;

    /// <summary>
    /// <c>GET /api/triage</c>: every <c>possibly_affected</c> match without a decision that still applies — never
    /// decided, or decided on evidence that has changed since (the old decision is shown).
    /// </summary>
    public async Task<IResult> QueueAsync(CancellationToken cancellationToken)
    {
        var decided = new Dictionary<(string, string), TriageDecision>();
        await foreach (var d in decisions.ListAllAsync(cancellationToken))
        {
            decided[(d.DeviceId, d.AdvisoryId)] = d;
        }

        var items = new List<Dictionary<string, object?>>();
        await foreach (var tracked in matches.ListAllAsync(cancellationToken))
        {
            var m = tracked.Match;
            if (m.Status != MatchStatus.PossiblyAffected)
            {
                continue;
            }

            var previous = decided.GetValueOrDefault((m.DeviceId, m.AdvisoryId));
            if (previous is not null && TriageEvidence.StillApplies(previous, m))
            {
                continue;
            }

            items.Add(new Dictionary<string, object?>
            {
                ["deviceId"] = m.DeviceId,
                ["advisoryId"] = m.AdvisoryId,
                ["revision"] = m.Revision,
                ["confidence"] = m.Confidence,
                ["explanation"] = m.Explanation,
                ["previousDecision"] = previous is null ? null : Write(previous),
            });
        }

        items.Sort((a, b) => string.CompareOrdinal((string)a["advisoryId"]! + "\n" + a["deviceId"], (string)b["advisoryId"]! + "\n" + b["deviceId"]));
        return Results.Ok(new Dictionary<string, object?> { ["items"] = items });
    }

    /// <summary>
    /// <c>PUT /api/devices/{id}/matches/{advisoryId}/triage</c> with <c>{"decision": "confirm"|"dismiss", "reason", "by"}</c>:
    /// records the decision with the fingerprint of the evidence it was made on. Only <c>possibly_affected</c> matches
    /// are triaged (409 otherwise). A confirmation whose advisory names the vendor in a way the catalogue does not
    /// know for the device's manufacturer records that name as a suggested alias.
    /// </summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string? id, string? advisoryId, CancellationToken cancellationToken)
    {
        if ((ApiInput.DeviceId(id) ?? ApiInput.AdvisoryId(advisoryId)) is { } idError)
        {
            return ApiProblems.Validation([idError]);
        }

        var (values, problem) = await ReadBodyAsync(request, ["decision", "reason", "by"], cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!TriageVerdictNames.TryParse(values!.GetValueOrDefault("decision"), out var verdict))
        {
            return ApiProblems.BadRequest("decision", "is required: confirm or dismiss");
        }

        var reason = values!.GetValueOrDefault("reason")?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return ApiProblems.BadRequest("reason", $"is required: 1-{MaxReasonLength} characters saying why (no patient data)");
        }

        var by = authorizer.PrincipalName(request) ?? values!.GetValueOrDefault("by")?.Trim();
        if (ValidateBy(by) is { } byProblem)
        {
            return byProblem;
        }

        if (reason.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return ApiProblems.BadRequest("reason", "may not contain control characters");
        }

        // The same decision as the console's: remediation history with the reviewer as actor, the match's status, and
        // the decision with its evidence fingerprint.
        var (result, recorded) = await triage.DecideWithRecordAsync(id!, advisoryId!, verdict == TriageVerdict.Confirmed, reason, by!, cancellationToken);
        if (recorded is null)
        {
            return result.Field == "reason" ? ApiProblems.BadRequest("reason", result.Error!)
                : result.Error!.StartsWith("device '", StringComparison.Ordinal) ? ApiProblems.NotFound(result.Error)
                : ApiProblems.Conflict("decision", result.Error!);
        }

        var decision = recorded;
        if (verdict == TriageVerdict.Confirmed)
        {
            decision = await WithSuggestedAliasAsync(decision, cancellationToken);
            if (!ReferenceEquals(decision, recorded))
            {
                await decisions.SaveAsync(decision, cancellationToken);
            }
        }

        return Results.Ok(Write(decision));
    }

    /// <summary>
    /// <c>GET /api/vendors/aliases/suggested</c>: advisory vendor names that reviewers confirmed for a device's
    /// manufacturer and the catalogue in force still does not know (add one with <c>POST /api/vendors/aliases</c>).
    /// </summary>
    public async Task<IResult> SuggestedAliasesAsync(CancellationToken cancellationToken)
    {
        var catalogue = catalogues.Current();
        var suggestions = new Dictionary<(string, string), Dictionary<string, object?>>();
        await foreach (var d in decisions.ListAllAsync(cancellationToken))
        {
            if (d is not { Verdict: TriageVerdict.Confirmed, SuggestedAlias: { } alias, SuggestedVendorId: { } vendorId } ||
                catalogue.Resolve(alias).Any(r => r.Id == vendorId))
            {
                continue;
            }

            var key = (alias.ToLowerInvariant(), vendorId);
            if (!suggestions.TryGetValue(key, out var item))
            {
                suggestions[key] = item = new Dictionary<string, object?>
                {
                    ["alias"] = alias,
                    ["vendorId"] = vendorId,
                    ["confirmations"] = new List<Dictionary<string, object?>>(),
                };
            }

            ((List<Dictionary<string, object?>>)item["confirmations"]!).Add(new Dictionary<string, object?>
            {
                ["deviceId"] = d.DeviceId,
                ["advisoryId"] = d.AdvisoryId,
                ["by"] = d.By,
                ["at"] = d.At,
            });
        }

        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = suggestions.OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).Select(kv => kv.Value).ToList(),
        });
    }

    private async Task<TriageDecision> WithSuggestedAliasAsync(TriageDecision decision, CancellationToken cancellationToken)
    {
        var advisory = (await advisories.GetAsync(decision.AdvisoryId, cancellationToken))?.Advisory;
        var device = (await registry.GetAsync(decision.DeviceId, cancellationToken))?.Device;
        if (advisory is null || device is null)
        {
            return decision;
        }

        var catalogue = catalogues.Current();
        var manufacturer = catalogue.Resolve(device.Manufacturer);
        if (manufacturer.Count == 0)
        {
            return decision;
        }

        var manufacturerIds = manufacturer.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = advisory.VendorNames.FirstOrDefault(name => !catalogue.Resolve(name).Any(v => manufacturerIds.Contains(v.Id)));
        return unknown is null ? decision : decision with { SuggestedAlias = unknown, SuggestedVendorId = manufacturer[0].Id };
    }

    internal IResult? ValidateBy(string? by)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            return ApiProblems.BadRequest("by", "is required (who decided) when the caller is not signed in through App Service Authentication");
        }

        return by.Length > MaxByLength || ApiInput.HasControlCharacters(by)
            ? ApiProblems.BadRequest("by", $"must be at most {MaxByLength} characters without control characters")
            : null;
    }

    internal async Task<(Dictionary<string, string?>? Values, IResult? Problem)> ReadBodyAsync(HttpRequest request, string[] allowed, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadCappedAsync(request, security.Value.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return (null, ApiProblems.PayloadTooLarge(security.Value.MaxBodyBytes));
        }

        var (document, parseError) = RequestBody.ParseObject(body);
        if (document is null)
        {
            return (null, ApiProblems.Validation([parseError!]));
        }

        using (document)
        {
            var errors = new List<FieldError>();
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(new FieldError(property.Name.Length <= 64 ? property.Name : property.Name[..64], $"is not an accepted field ({string.Join(", ", allowed)})"));
                }
                else if (property.Value.ValueKind == JsonValueKind.String)
                {
                    values[property.Name] = property.Value.GetString();
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    errors.Add(new FieldError(property.Name, "must be a string"));
                }
            }

            return errors.Count > 0 ? (null, ApiProblems.Validation(errors)) : (values, null);
        }
    }

    private static Dictionary<string, object?> Write(TriageDecision d) => new()
    {
        ["deviceId"] = d.DeviceId,
        ["advisoryId"] = d.AdvisoryId,
        ["decision"] = d.Verdict.ToName(),
        ["by"] = d.By,
        ["at"] = d.At,
        ["reason"] = d.Reason,
        ["revision"] = d.Revision,
        ["evidenceFingerprint"] = d.EvidenceFingerprint,
        ["suggestedAlias"] = d.SuggestedAlias is null ? null : new Dictionary<string, object?> { ["alias"] = d.SuggestedAlias, ["vendorId"] = d.SuggestedVendorId },
    };
}
