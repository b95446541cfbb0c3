using System.Globalization;
using System.Text.Json;
using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

/// <summary>
/// Reads the CSAF 2.1 vulnerability metrics (<c>metrics[].content</c>: CVSS v2/v3/v4, EPSS, SSVC v2, qualitative
/// severity rating) and <c>first_known_exploitation_dates</c>. A CSAF 2.0 vulnerability has neither: the result is empty.
/// </summary>
internal static class CsafMetricsReader
{
    public sealed record Result(
        IReadOnlyList<CvssScore> Cvss,
        string? CvssV4Vector,
        EpssMetric? Epss,
        IReadOnlyList<SsvcSelection> Ssvc,
        string? QualitativeSeverity,
        IReadOnlyList<FirstKnownExploitation> FirstKnownExploitationDates);

    public static Result Read(JsonElement vulnerability)
    {
        var cvss = new List<CvssScore>();
        string? v4Vector = null;
        EpssMetric? epss = null;
        var ssvc = new List<SsvcSelection>();
        string? qualitative = null;
        if (vulnerability.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
        {
            foreach (var metric in metrics.EnumerateArray())
            {
                if (!metric.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var key in (ReadOnlySpan<string>)["cvss_v3", "cvss_v4"])
                {
                    if (content.TryGetProperty(key, out var c) && c.ValueKind == JsonValueKind.Object &&
                        c.TryGetProperty("baseScore", out var score) && score.ValueKind == JsonValueKind.Number)
                    {
                        var vector = CsafReader.Str(c, "vectorString") ?? "";
                        cvss.Add(new CvssScore(CsafReader.Scalar(c, "version") ?? "", score.GetDouble(), CsafReader.Str(c, "baseSeverity") ?? "", vector));
                        if (key == "cvss_v4" && vector.Length > 0)
                        {
                            v4Vector ??= vector;
                        }
                    }
                }

                if (epss is null && content.TryGetProperty("epss", out var e) && e.ValueKind == JsonValueKind.Object &&
                    Number(CsafReader.Str(e, "probability")) is { } probability && Number(CsafReader.Str(e, "percentile")) is { } percentile)
                {
                    epss = new EpssMetric(probability, percentile, CsafReader.Date(e, "timestamp"));
                }

                if (content.TryGetProperty("ssvc_v2", out var s) && s.TryGetProperty("selections", out var selections) && selections.ValueKind == JsonValueKind.Array)
                {
                    foreach (var selection in selections.EnumerateArray())
                    {
                        var values = selection.TryGetProperty("values", out var vs) && vs.ValueKind == JsonValueKind.Array
                            ? vs.EnumerateArray().Select(x => CsafReader.Str(x, "key")).OfType<string>().ToList()
                            : [];
                        ssvc.Add(new SsvcSelection(CsafReader.Str(selection, "namespace") ?? "", CsafReader.Str(selection, "key") ?? "", values));
                    }
                }

                qualitative ??= CsafReader.Str(content, "qualitative_severity_rating");
            }
        }

        var exploitation = new List<FirstKnownExploitation>();
        if (vulnerability.TryGetProperty("first_known_exploitation_dates", out var dates) && dates.ValueKind == JsonValueKind.Array)
        {
            foreach (var d in dates.EnumerateArray())
            {
                exploitation.Add(new FirstKnownExploitation(CsafReader.Date(d, "exploitation_date"), CsafReader.StrArray(d, "product_ids")));
            }
        }

        return new Result(cvss, v4Vector, epss, ssvc, qualitative, exploitation);
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
