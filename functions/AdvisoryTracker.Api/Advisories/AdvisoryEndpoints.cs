using AdvisoryTracker.Api.Http;
using AdvisoryTracker.Api.Problems;
using AdvisoryTracker.Api.Remediation;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Advisories;

/// <summary>The stored advisories, with the devices they affect and where remediation stands.</summary>
public sealed class AdvisoryEndpoints(IAdvisoryStore advisories, IAdvisoryCatalog catalog, IRemediationStore remediation)
{
    public static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE"];

    /// <summary><c>GET /api/advisories</c>: filters since, vendor, severity, exploited; paging.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var since = ApiInput.Date(request, "since", errors);
        var vendor = ApiInput.Text(request, "vendor", errors);
        var severity = ApiInput.Text(request, "severity", errors);
        if (severity is not null && !Severities.Contains(severity, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("severity", $"must be one of {string.Join(", ", Severities)}"));
        }

        var exploited = ApiInput.Boolean(request, "exploited", errors);
        var pageSize = ApiInput.PageSize(request, errors);
        var continuation = ApiInput.Continuation(request, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await ApiInput.QueryPageAsync(continuation, () => catalog.QueryAsync(new AdvisoryQuery(since, vendor, severity?.ToUpperInvariant(), exploited, pageSize, continuation), cancellationToken));
        if (page is null)
        {
            return ApiProblems.BadRequest("continuationToken", "is not a token this API issued");
        }

        return Results.Ok(new Dictionary<string, object?>
        {
            ["items"] = page.Items,
            ["continuationToken"] = ApiInput.ToToken(page.ContinuationToken),
        });
    }

    /// <summary><c>GET /api/advisories/{id}</c>: the advisory, its revisions, the affected devices and remediation counts.</summary>
    public async Task<IResult> GetAsync(string? id, CancellationToken cancellationToken)
    {
        if (ApiInput.AdvisoryId(id, "id") is { } error)
        {
            return ApiProblems.Validation([error]);
        }

        var stored = await advisories.GetAsync(id!, cancellationToken);
        if (stored is null)
        {
            return ApiProblems.NotFound($"no advisory with id '{id}'");
        }

        var a = stored.Advisory;
        var revisions = await catalog.GetRevisionsAsync(a.Id, cancellationToken);
        var matches = await remediation.ListForAdvisoryAsync(a.Id, cancellationToken);
        return Results.Ok(new Dictionary<string, object?>
        {
            ["id"] = a.Id,
            ["title"] = a.Title,
            ["kind"] = a.Kind.ToString(),
            ["publisher"] = a.Publisher,
            ["revision"] = a.Revision,
            ["initialReleaseDate"] = a.InitialReleaseDate,
            ["currentReleaseDate"] = a.CurrentReleaseDate,
            ["summary"] = a.Summary,
            ["webUrl"] = a.WebUrl,
            ["severity"] = SeverityLevels.Label(a),
            ["maxCvss"] = a.HighestCvss?.BaseScore,
            ["recallClass"] = a.RecallClass,
            ["cves"] = a.Cves.ToList(),
            ["vendors"] = a.VendorNames.ToList(),
            ["sourceName"] = stored.SourceName,
            ["storedAt"] = stored.StoredAt,
            ["revisions"] = revisions,
            ["affectedDevices"] = matches.Select(m => MatchJson.Write(m, includeHistory: false)).ToList(),
            ["remediationCounts"] = MatchJson.CountByStatus(matches.Select(m => m.Remediation.Status)),
        });
    }
}
