using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Csaf;

public sealed record CsafGateResult(CsafGateOutcome Outcome, Advisory? Advisory, string? Reason, string? SignerKeyId);
