using AdvisoryTracker.Domain.Configuration;

namespace AdvisoryTracker.Domain.Vendors;

public sealed class VendorCatalogueOptionsValidator() : SettingValidator<VendorCatalogueOptions>(VendorCatalogueOptions.SectionName)
{
    protected override void Check(VendorCatalogueOptions options, SettingProblems problems)
    {
        foreach (var (id, aliases) in options.ExtraAliases)
        {
            for (var i = 0; i < aliases.Count; i++)
            {
                problems.NotEmpty(aliases[i], $"{nameof(options.ExtraAliases)}:{id}:{i}");
            }
        }
    }
}
