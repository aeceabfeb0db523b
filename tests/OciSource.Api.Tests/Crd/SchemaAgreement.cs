using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace OciSource.Api.Tests.Crd;

/// <summary>
/// Compares a C# type, as a JSON serializer sees it (property names from <c>[JsonPropertyName]</c> or the naming
/// policy, <c>required</c> members), with a CRD schema node, field by field in both directions: every serialized
/// property is a schema property of the same shape, every schema property is a serialized property, and a member the
/// serializer requires is required by the schema too (else a valid object would fail to deserialize).
/// </summary>
/// <remarks>
/// Shapes: <c>string</c> ↔ string (not <c>date-time</c>); <see cref="DateTime"/>/<see cref="DateTimeOffset"/> ↔ string
/// with format <c>date-time</c>; <see cref="bool"/> ↔ boolean; <see cref="int"/>/<see cref="long"/> ↔ integer (format,
/// when given, <c>int32</c>/<c>int64</c>); floating point ↔ number; <see cref="IntOrString"/> ↔
/// <c>x-kubernetes-int-or-string</c>; dictionaries with string keys ↔ object with <c>additionalProperties</c>;
/// collections ↔ array with <c>items</c>; other classes ↔ object with <c>properties</c>, compared recursively.
/// <see cref="V1ObjectMeta"/> ↔ an object the schema leaves to Kubernetes (no properties).
/// </remarks>
public sealed class SchemaAgreement
{
    private readonly JsonSerializerOptions _options;
    private readonly List<SchemaDifference> _differences = [];

    private SchemaAgreement(JsonSerializerOptions options) => _options = options;

    /// <summary>All disagreements between <paramref name="type"/> and <paramref name="schema"/>, in walk order; empty when they agree.</summary>
    public static IReadOnlyList<SchemaDifference> Compare(Type type, SchemaNode schema, JsonSerializerOptions options)
    {
        var agreement = new SchemaAgreement(options);
        agreement.CompareNode(string.Empty, type, schema);
        return agreement._differences;
    }

    private void CompareNode(string path, Type type, SchemaNode schema)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(V1ObjectMeta))
        {
            Expect(path, schema.IsOpaqueObject, $"{type.Name} is validated by Kubernetes itself; the schema should be a bare object, not type '{schema.Type}' with properties");
            return;
        }

        if (type == typeof(IntOrString))
        {
            Expect(path, schema.IsIntOrString, $"{type.Name} needs x-kubernetes-int-or-string: true");
            return;
        }

        var info = _options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                CompareObject(path, info, schema);
                break;
            case JsonTypeInfoKind.Enumerable:
                CompareContainer(path + "[]", type, "array", schema.Type, info.ElementType!, schema.Items, "items");
                break;
            case JsonTypeInfoKind.Dictionary:
                Expect(path, info.KeyType == typeof(string), $"{type.Name} has {info.KeyType?.Name} keys; JSON object keys are strings");
                CompareContainer(path + "{}", type, "object", schema.Type, info.ElementType!, schema.AdditionalProperties, "additionalProperties");
                break;
            default:
                ComparePrimitive(path, type, schema);
                break;
        }
    }

    private void CompareContainer(string elementPath, Type type, string expectedType, string? schemaType, Type elementType, SchemaNode? elementSchema, string keyword)
    {
        var path = elementPath[..^2];
        if (schemaType != expectedType)
        {
            Add(path, $"{type.Name} is an {expectedType}, the schema says type '{schemaType}'");
            return;
        }

        if (elementSchema is null)
        {
            Add(path, $"{type.Name} has {elementType.Name} values, the schema has no {keyword} schema");
            return;
        }

        CompareNode(elementPath, elementType, elementSchema);
    }

    private void CompareObject(string path, JsonTypeInfo info, SchemaNode schema)
    {
        if (schema.Type != "object" || schema.AdditionalProperties is not null)
        {
            Add(path, $"{info.Type.Name} is an object with named properties, the schema says type '{schema.Type}'{(schema.AdditionalProperties is null ? string.Empty : " with additionalProperties")}");
            return;
        }

        var schemaProperties = schema.Properties;
        var required = schema.Required;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in info.Properties)
        {
            var propertyPath = Join(path, property.Name);
            var member = $"{info.Type.Name}.{(property.AttributeProvider as MemberInfo)?.Name ?? property.Name}";
            seen.Add(property.Name);
            if (!schemaProperties.TryGetValue(property.Name, out var propertySchema))
            {
                Add(propertyPath, $"{member} is not in the schema");
                continue;
            }

            Expect(propertyPath, !property.IsRequired || required.Contains(property.Name),
                $"{member} is required when deserializing, but the schema does not require '{property.Name}'");
            CompareNode(propertyPath, property.PropertyType, propertySchema);
        }

        foreach (var name in schemaProperties.Keys.Where(name => !seen.Contains(name)))
        {
            Add(Join(path, name), $"in the schema, but {info.Type.Name} has no property serialized as '{name}'");
        }
    }

    private void ComparePrimitive(string path, Type type, SchemaNode schema)
    {
        var (expectedType, expectedFormat) = PrimitiveShape(type);
        if (expectedType is null)
        {
            Add(path, $"{type.Name} has no JSON schema shape this comparison knows");
            return;
        }

        if (schema.Type != expectedType)
        {
            Add(path, $"{type.Name} is '{expectedType}', the schema says type '{schema.Type}'");
            return;
        }

        var formatAgrees = expectedType switch
        {
            "string" => (schema.Format == "date-time") == (expectedFormat == "date-time"),
            "integer" => schema.Format is null || schema.Format == expectedFormat,
            _ => true,
        };
        Expect(path, formatAgrees, $"{type.Name} has format '{expectedFormat}', the schema says format '{schema.Format}'");
    }

    private static (string? Type, string? Format) PrimitiveShape(Type type) => type switch
    {
        _ when type == typeof(string) => ("string", null),
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => ("string", "date-time"),
        _ when type == typeof(bool) => ("boolean", null),
        _ when type == typeof(int) => ("integer", "int32"),
        _ when type == typeof(long) => ("integer", "int64"),
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => ("number", null),
        _ => (null, null),
    };

    private void Expect(string path, bool condition, string problem)
    {
        if (!condition)
        {
            Add(path, problem);
        }
    }

    private void Add(string path, string problem) => _differences.Add(new SchemaDifference(path.Length == 0 ? "." : path, problem));

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
