namespace AdvisoryTracker.Domain.Vendors;

/// <summary>
/// One event of a vendor's corporate history. <c>acquired</c>: this vendor bought <see cref="Name"/> (its name now
/// reaches this vendor); <c>renamed_from</c>: this vendor was called <see cref="Name"/>; <c>brand</c>: a brand or
/// subsidiary of this vendor; <c>spun_off_from</c>: this vendor was separated from the vendor with id
/// <see cref="Name"/> (products made before the separation carry the former parent's name, so both are related).
/// </summary>
public sealed record CorporateEvent(string Event, string Name, string? Date, string? Note);
