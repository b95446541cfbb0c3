using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Csaf;

public sealed class CsafReaderOptionsValidator() : SettingValidator<CsafReaderOptions>(CsafReaderOptions.SectionName)
{
    protected override void Check(CsafReaderOptions options, SettingProblems problems)
    {
        problems.AtLeast(options.MaxDocumentBytes, 1, nameof(options.MaxDocumentBytes));
        problems.Range(options.MaxDepth, 1, 256, nameof(options.MaxDepth));
    }
}
