using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AdvisoryTracker.Domain.Csaf.Validation;

/// <summary>
/// Checks a CSAF document against the official OASIS JSON schema of its version (2.0 or 2.1) and the FIRST CVSS and
/// CERT/CC SSVC schemas those reference, with JsonSchema.Net. The schemas are embedded resources (see
/// Csaf/Schemas/PROVENANCE.md) registered in a private registry under the URIs the CSAF schemas use in <c>$ref</c>, so
/// nothing is fetched at run time. The schemas are built once; each document is evaluated with the cheap
/// <see cref="OutputFormat.Flag"/> output first and only a failing one is evaluated again for the detailed error.
/// </summary>
internal sealed class CsafSchemaValidator
{
    private const string ResourcePrefix = "AdvisoryTracker.Domain.Csaf.Schemas.";

    private static readonly Lazy<CsafSchemaValidator> SharedInstance = new(() => new CsafSchemaValidator(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly EvaluationOptions FlagOptions = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
    private static readonly EvaluationOptions DetailOptions = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    private readonly JsonSchema _csaf20;
    private readonly JsonSchema _csaf21;

    private CsafSchemaValidator()
    {
        var registry = new SchemaRegistry { Fetch = (uri, _) => throw new InvalidOperationException($"CSAF schema validation must not fetch '{uri}' (register it as an embedded schema)") };
        var build = new BuildOptions { SchemaRegistry = registry };

        // Referenced schemas first, each under the URI the CSAF schemas name in $ref (the FIRST $ids carry a date query).
        Register(build, "first_meta.json", "https://www.first.org/cvss/meta.json");
        Register(build, "first_cvss-v2.0.json", "https://www.first.org/cvss/cvss-v2.0.json");
        Register(build, "first_cvss-v3.0.json", "https://www.first.org/cvss/cvss-v3.0.json");
        Register(build, "first_cvss-v3.1.json", "https://www.first.org/cvss/cvss-v3.1.json");
        Register(build, "first_cvss-v4.0.json", "https://www.first.org/cvss/cvss-v4.0.json");
        Register(build, "certcc_SelectionList_2_0_0.schema.json", "https://certcc.github.io/SSVC/data/schema/v2/SelectionList_2_0_0.schema.json");
        Register(build, "csaf_2.1_meta.json", "https://docs.oasis-open.org/csaf/csaf/v2.1/schema/meta.json");
        Register(build, "csaf_2.1_extension-metaschema.json", "https://docs.oasis-open.org/csaf/csaf/v2.1/schema/extension-metaschema.json");
        Register(build, "csaf_2.1_extension-content.json", "https://docs.oasis-open.org/csaf/csaf/v2.1/schema/extension-content.json");
        _csaf20 = Register(build, "csaf_2.0.json", "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json");
        _csaf21 = Register(build, "csaf_2.1.json", "https://docs.oasis-open.org/csaf/csaf/v2.1/schema/csaf.json");
    }

    /// <summary>The process-wide validator (building the schemas costs tens of milliseconds; do it once).</summary>
    public static CsafSchemaValidator Shared => SharedInstance.Value;

    /// <summary>The CSAF versions this validator has a schema for.</summary>
    public static bool Supports(string csafVersion) => csafVersion is "2.0" or "2.1";

    /// <summary>Null when the document is valid, else the first schema error with the JSON path of the failing value.</summary>
    public CsafValidationFinding? Validate(JsonElement document, string csafVersion)
    {
        var schema = csafVersion switch
        {
            "2.0" => _csaf20,
            "2.1" => _csaf21,
            _ => throw new ArgumentOutOfRangeException(nameof(csafVersion), csafVersion, "no schema for this CSAF version"),
        };

        if (schema.Evaluate(document, FlagOptions).IsValid)
        {
            return null;
        }

        return Describe(schema.Evaluate(document, DetailOptions), csafVersion);
    }

    /// <summary>
    /// The most specific error: walks the hierarchical output only through failing nodes (an alternative that failed
    /// inside an <c>anyOf</c> that passed is not an error) and takes the deepest instance location that has a message.
    /// </summary>
    private static CsafValidationFinding Describe(EvaluationResults results, string csafVersion)
    {
        EvaluationResults? best = null;
        var stack = new Stack<EvaluationResults>();
        stack.Push(results);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Errors is { Count: > 0 } &&
                (best is null || node.InstanceLocation.SegmentCount > best.InstanceLocation.SegmentCount))
            {
                best = node;
            }

            foreach (var child in node.Details ?? [])
            {
                if (!child.IsValid)
                {
                    stack.Push(child);
                }
            }
        }

        if (best is null)
        {
            return new CsafValidationFinding("schema", "/", $"CSAF {csafVersion} schema: the document is not valid");
        }

        var (keyword, message) = best.Errors!.OrderBy(e => e.Key, StringComparer.Ordinal).First();
        var path = best.InstanceLocation.ToString();
        return new CsafValidationFinding("schema", path.Length == 0 ? "/" : path, $"CSAF {csafVersion} schema ({keyword}): {message}");
    }

    private static JsonSchema Register(BuildOptions build, string resource, string uri)
    {
        using var stream = typeof(CsafSchemaValidator).Assembly.GetManifestResourceStream(ResourcePrefix + resource)
            ?? throw new InvalidOperationException($"embedded schema {resource} is missing");
        var node = JsonNode.Parse(stream)!.AsObject();

        // The FIRST CVSS schemas carry their licence text in a top-level "license" keyword (their meta-schema declares
        // it, draft-07 does not); JsonSchema.Net rejects unknown keywords, so the licence annotation is dropped in memory.
        // It has no validation meaning; the embedded file keeps it unchanged.
        node.Remove("license");

        // The CVSS v2.0 and v3.0 schemas declare draft-04, which JsonSchema.Net does not read; the only draft-04
        // construct they use is "id" (now "$id"; the schema is registered under its URI anyway), so they are read as
        // draft-07, which validates them the same way.
        if (node["$schema"]?.GetValue<string>() == "http://json-schema.org/draft-04/schema#")
        {
            node.Remove("id");
            node["$schema"] = "http://json-schema.org/draft-07/schema#";
        }
        using var json = JsonDocument.Parse(node.ToJsonString());
        var schema = JsonSchema.Build(json.RootElement.Clone(), build, new Uri(uri));
        build.SchemaRegistry.Register(new Uri(uri), schema);
        return schema;
    }
}
