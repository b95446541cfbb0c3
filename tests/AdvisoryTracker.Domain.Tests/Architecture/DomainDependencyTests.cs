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

    /// <summary>
    /// The domain's public surface (every public or protected signature, base type and interface) exposes only the
    /// domain's own types, the BCL and the Microsoft.Extensions abstractions: not Azure, and not the third-party
    /// libraries the domain uses inside (HTML, PGP, JSON Schema, templates), so callers never depend on them through
    /// the domain. This fails on its own when a public member exposes such a type, whatever the domain references.
    /// </summary>
    [Fact]
    public void Domain_PublicTypesExposeNoAzureTypes()
    {
        var domain = typeof(Advisory).Assembly;

        var leaks = PublicSurface.Leaks(domain.GetExportedTypes(), assembly => assembly == domain || IsPlatform(assembly));

        Assert.True(leaks.Count == 0, "the domain's public surface exposes:" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }

    [Fact]
    public void PublicSurface_FindsATypeFromAnotherAssemblyInAnySignature()
    {
        var thisAssembly = typeof(LeakingSample).Assembly;

        var leaks = PublicSurface.Leaks([typeof(LeakingSample), typeof(CleanSample)], assembly => assembly == thisAssembly || IsPlatform(assembly));

        // Xunit's Assert lives in xunit.assert: a foreign assembly for this check, exposed four ways below.
        Assert.Equal(4, leaks.Count);
        Assert.All(leaks, leak => Assert.StartsWith(nameof(LeakingSample) + ".", leak, StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("Field", StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("Returns", StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("Takes", StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("Listed", StringComparison.Ordinal));
    }

    private static bool IsPlatform(Assembly assembly) =>
        assembly.GetName().Name is { } name
        && (name is "System" or "mscorlib" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));

    public sealed class LeakingSample
    {
#pragma warning disable CA1051, CA1822 // a sample surface: a public field and instance members on purpose
        public Xunit.Sdk.XunitException? Field;

        public Xunit.Sdk.XunitException? Returns() => null;

        public void Takes(Xunit.Sdk.XunitException exception) => GC.KeepAlive(exception);

        public IReadOnlyList<Xunit.Sdk.XunitException> Listed { get; } = [];

        internal Xunit.Sdk.XunitException? NotPublic() => null;
#pragma warning restore CA1051, CA1822
    }

    public sealed class CleanSample
    {
        public IReadOnlyList<string> Names { get; } = [];
    }
}

/// <summary>Walks the public surface of types: base types, interfaces, and public or protected members' signatures.</summary>
internal static class PublicSurface
{
    public static IReadOnlyList<string> Leaks(IEnumerable<Type> types, Func<Assembly, bool> allowed)
    {
        var leaks = new List<string>();
        foreach (var type in types)
        {
            void Check(string where, Type? exposed)
            {
                foreach (var part in Parts(exposed))
                {
                    if (!allowed(part.Assembly))
                    {
                        leaks.Add($"{type.Name}.{where} → {part.FullName} ({part.Assembly.GetName().Name})");
                    }
                }
            }

            Check("(base type)", type.BaseType);
            foreach (var iface in type.GetInterfaces())
            {
                Check("(interface)", iface);
            }

            const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(declared))
            {
                switch (member)
                {
                    case MethodBase method when IsVisible(method):
                        if (method is MethodInfo info)
                        {
                            Check(member.Name, info.ReturnType);
                        }

                        foreach (var parameter in method.GetParameters())
                        {
                            Check(member.Name, parameter.ParameterType);
                        }

                        break;
                    case PropertyInfo property when property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly):
                        Check(member.Name, property.PropertyType);
                        break;
                    case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                        Check(member.Name, field.FieldType);
                        break;
                    case EventInfo @event when @event.AddMethod is { } add && (add.IsPublic || add.IsFamily || add.IsFamilyOrAssembly):
                        Check(member.Name, @event.EventHandlerType);
                        break;
                }
            }
        }

        return leaks.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Visible outside the assembly; property and event accessors are checked through their property or event.</summary>
    private static bool IsVisible(MethodBase method) =>
        (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !(method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal));

    /// <summary>The type and every type it is built from: generic arguments, array, pointer and by-ref element types.</summary>
    private static IEnumerable<Type> Parts(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var part in Parts(type.GetElementType()))
            {
                yield return part;
            }

            yield break;
        }

        if (type.IsGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var part in Parts(argument))
                {
                    yield return part;
                }
            }

            yield break;
        }

        yield return type;
    }
}
