namespace AdvisoryTracker.Domain.Fda;

/// <summary>Which openFDA device endpoint a response came from; the two use different field names and date formats.</summary>
public enum OpenFdaEndpoint
{
    /// <summary><c>/device/recall.json</c>: <c>product_res_number</c>, dates YYYY-MM-DD, no recall class.</summary>
    Recall,
    /// <summary><c>/device/enforcement.json</c>: <c>recall_number</c>, <c>classification</c>, dates YYYYMMDD.</summary>
    Enforcement,
}
