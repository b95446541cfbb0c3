using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AdvisoryTracker.Domain.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of an assembly, read from its metadata and IL with Mono.Cecil: base types,
/// interfaces, generic arguments and constraints, fields, properties, events, method signatures, attributes, locals,
/// catch clauses and every type, method and field operand in method bodies. Compiler-generated nested types (async
/// state machines, lambda closures, iterators) count for the namespace of the type that declares them.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<(string From, string To), string> _edges = [];

    /// <summary>Each edge between two different namespaces, with the first type reference seen that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges => _edges;

    public void Add(string from, string to, string example)
    {
        if (from != to)
        {
            _edges.TryAdd((from, to), example);
        }
    }

    /// <summary>The graph of the namespaces in <paramref name="assemblyPath"/> that start with <paramref name="namespacePrefix"/>.</summary>
    public static NamespaceGraph Read(string assemblyPath, string namespacePrefix)
    {
        var graph = new NamespaceGraph();
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        foreach (var module in assembly.Modules)
        {
            foreach (var type in module.Types)
            {
                var ns = OwnerNamespace(type);
                if (InScope(ns, namespacePrefix))
                {
                    new TypeWalker(graph, ns, namespacePrefix, type.FullName).Walk(type);
                }
            }
        }

        return graph;
    }

    /// <summary>
    /// The namespaces that sit on a cycle, one strongly connected component per list (Tarjan), each described by its
    /// edges inside the component with an example type reference; empty when the graph is acyclic.
    /// </summary>
    public IReadOnlyList<NamespaceCycle> FindCycles()
    {
        var nodes = _edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var successors = nodes.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, to) in _edges.Keys.Order())
        {
            successors[from].Add(to);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var next = 0;

        void Connect(string node)
        {
            index[node] = lowLink[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var successor in successors[node])
            {
                if (!index.ContainsKey(successor))
                {
                    Connect(successor);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[successor]);
                }
                else if (onStack.Contains(successor))
                {
                    lowLink[node] = Math.Min(lowLink[node], index[successor]);
                }
            }

            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Connect(node);
        }

        return components
            .Where(c => c.Count > 1)
            .Select(c =>
            {
                var members = c.ToHashSet(StringComparer.Ordinal);
                var edges = _edges
                    .Where(e => members.Contains(e.Key.From) && members.Contains(e.Key.To))
                    .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
                    .Select(e => new NamespaceEdge(e.Key.From, e.Key.To, e.Value))
                    .ToList();
                return new NamespaceCycle([.. c.Order(StringComparer.Ordinal)], edges);
            })
            .OrderBy(c => c.Namespaces[0], StringComparer.Ordinal)
            .ToList();
    }

    private static bool InScope(string ns, string prefix) =>
        ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);

    /// <summary>The namespace a type is declared in; a nested type belongs to the namespace of its outermost declaring type.</summary>
    private static string OwnerNamespace(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Namespace;
    }

    private sealed class TypeWalker(NamespaceGraph graph, string from, string prefix, string ownerName)
    {
        private string _site = ownerName;

        public void Walk(TypeDefinition type)
        {
            _site = type.FullName;
            Attributes(type);
            if (type.BaseType is { } baseType)
            {
                Reference(baseType, "base type");
            }

            foreach (var iface in type.Interfaces)
            {
                Reference(iface.InterfaceType, "interface");
                Attributes(iface);
            }

            GenericParameters(type);
            foreach (var field in type.Fields)
            {
                _site = $"{type.FullName}.{field.Name}";
                Attributes(field);
                Reference(field.FieldType, "field");
            }

            foreach (var property in type.Properties)
            {
                _site = $"{type.FullName}.{property.Name}";
                Attributes(property);
                Reference(property.PropertyType, "property");
                foreach (var parameter in property.Parameters)
                {
                    Reference(parameter.ParameterType, "indexer parameter");
                }
            }

            foreach (var @event in type.Events)
            {
                _site = $"{type.FullName}.{@event.Name}";
                Attributes(@event);
                Reference(@event.EventType, "event");
            }

            foreach (var method in type.Methods)
            {
                _site = $"{type.FullName}.{method.Name}";
                Method(method);
            }

            foreach (var nested in type.NestedTypes)
            {
                Walk(nested);
            }
        }

        private void Method(MethodDefinition method)
        {
            Attributes(method);
            Attributes(method.MethodReturnType);
            GenericParameters(method);
            Reference(method.ReturnType, "return type");
            foreach (var parameter in method.Parameters)
            {
                Attributes(parameter);
                Reference(parameter.ParameterType, "parameter");
            }

            foreach (var overridden in method.Overrides)
            {
                MethodOperand(overridden, "overrides");
            }

            if (!method.HasBody)
            {
                return;
            }

            foreach (var variable in method.Body.Variables)
            {
                Reference(variable.VariableType, "local");
            }

            foreach (var handler in method.Body.ExceptionHandlers)
            {
                if (handler.CatchType is { } catchType)
                {
                    Reference(catchType, "catch");
                }
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference typeOperand:
                        Reference(typeOperand, $"IL {instruction.OpCode.Name}");
                        break;
                    case MethodReference methodOperand:
                        MethodOperand(methodOperand, $"IL {instruction.OpCode.Name}");
                        break;
                    case FieldReference fieldOperand:
                        Reference(fieldOperand.DeclaringType, $"IL {instruction.OpCode.Name} {fieldOperand.Name}");
                        Reference(fieldOperand.FieldType, $"IL {instruction.OpCode.Name} {fieldOperand.Name}");
                        break;
                    case CallSite callSite:
                        Reference(callSite.ReturnType, "IL calli");
                        foreach (var parameter in callSite.Parameters)
                        {
                            Reference(parameter.ParameterType, "IL calli");
                        }

                        break;
                }
            }
        }

        private void MethodOperand(MethodReference method, string how)
        {
            Reference(method.DeclaringType, $"{how} {method.Name}");
            Reference(method.ReturnType, $"{how} {method.Name}");
            foreach (var parameter in method.Parameters)
            {
                Reference(parameter.ParameterType, $"{how} {method.Name}");
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Reference(argument, $"{how} {method.Name}<>");
                }
            }
        }

        private void GenericParameters(IGenericParameterProvider provider)
        {
            foreach (var parameter in provider.GenericParameters)
            {
                Attributes(parameter);
                foreach (var constraint in parameter.Constraints)
                {
                    Reference(constraint.ConstraintType, "generic constraint");
                }
            }
        }

        private void Attributes(ICustomAttributeProvider provider)
        {
            if (!provider.HasCustomAttributes)
            {
                return;
            }

            foreach (var attribute in provider.CustomAttributes)
            {
                Reference(attribute.AttributeType, "attribute");
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument)))
                {
                    if (argument.Value is TypeReference typeArgument)
                    {
                        Reference(typeArgument, "attribute argument");
                    }
                }
            }
        }

        private void Reference(TypeReference? type, string how)
        {
            switch (type)
            {
                case null:
                case GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Reference(generic.ElementType, how);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Reference(argument, how);
                    }

                    return;
                case IModifierType modified:
                    Reference(modified.ModifierType, how);
                    Reference(modified.ElementType, how);
                    return;
                case FunctionPointerType pointer:
                    Reference(pointer.ReturnType, how);
                    foreach (var parameter in pointer.Parameters)
                    {
                        Reference(parameter.ParameterType, how);
                    }

                    return;
                case TypeSpecification specification:
                    Reference(specification.ElementType, how);
                    return;
            }

            var to = OwnerNamespace(type);
            if (InScope(to, prefix) && to != from)
            {
                graph.Add(from, to, $"{_site} → {type.FullName} ({how})");
            }
        }
    }
}

/// <summary>An edge between two namespaces and one type reference that makes it.</summary>
internal sealed record NamespaceEdge(string From, string To, string Example)
{
    public override string ToString() => $"{From} → {To}: {Example}";
}

/// <summary>Namespaces that all reach each other (a strongly connected component) and the edges among them.</summary>
internal sealed record NamespaceCycle(IReadOnlyList<string> Namespaces, IReadOnlyList<NamespaceEdge> Edges)
{
    public override string ToString() =>
        $"cycle among {string.Join(", ", Namespaces)}:{Environment.NewLine}" +
        string.Join(Environment.NewLine, Edges.Select(e => "    " + e));
}
