using System.Reflection;
using AdvisoryTracker.Domain.Advisories;

namespace AdvisoryTracker.Domain.Tests.Architecture;

/// <summary>The domain stays free of Azure and Azure Functions: it must run (and be tested) without either.</summary>
public sealed class DomainDependencyTests
{
    private static readonly string[] ForbiddenPrefixes = ["Azure.", "Microsoft.Azure.", "Microsoft.AspNetCore", "MailKit", "MimeKit"];

    [Fact]
    public void Domain_ReferencesNoAzureFunctionsOrTransportAssembly()
    {
        var domain = typeof(Advisory).Assembly;

        var offending = domain.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => ForbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Domain_PublicTypesExposeNoAzureTypes()
    {
        var domain = typeof(Advisory).Assembly;

        var leaks = domain.GetExportedTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .OfType<MethodInfo>()
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .Where(t => t.Namespace is { } ns && ForbiddenPrefixes.Any(prefix => ns.StartsWith(prefix.TrimEnd('.'), StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .Distinct()
            .ToList();

        Assert.Empty(leaks);
    }
}
