using OciSource.Api.Tests.Crd;
using OciSource.Api.Tests.Crd.Samples;
using OciSource.Api.Tests.Yaml;

namespace OciSource.Api.Tests;

/// <summary>The comparison itself: it accepts an agreeing schema and reports each kind of disagreement at its path.</summary>
public sealed class SchemaAgreementTests
{
    private const string AgreeingSchema = """
        type: object
        properties:
          metadata:
            type: object
          when:
            type: string
            format: date-time
          enabled:
            type: boolean
          labels:
            type: object
            additionalProperties:
              type: string
          leaves:
            type: array
            items:
              type: object
              required: [name]
              properties:
                name:
                  type: string
                count:
                  type: integer
                  format: int64
          port:
            x-kubernetes-int-or-string: true
          camelCased:
            type: string
        """;

    [Fact]
    public void AgreeingSchema_HasNoDifferences() => Assert.Empty(Compare(AgreeingSchema));

    [Theory]
    [InlineData("\n  camelCased:\n    type: string", "", "camelCased", "SampleRoot.CamelCased is not in the schema")]
    [InlineData("  enabled:\n    type: boolean\n", "  enabled:\n    type: boolean\n  extra:\n    type: string\n", "extra", "in the schema, but SampleRoot has no property serialized as 'extra'")]
    [InlineData("  enabled:\n    type: boolean\n", "  enabled:\n    type: string\n", "enabled", "Boolean is 'boolean', the schema says type 'string'")]
    [InlineData("    format: date-time\n", "", "when", "DateTime has format 'date-time', the schema says format ''")]
    [InlineData("  camelCased:\n    type: string", "  camelCased:\n    type: string\n    format: date-time", "camelCased", "String has format '', the schema says format 'date-time'")]
    [InlineData("          format: int64\n", "          format: int32\n", "leaves[].count", "Int64 has format 'int64', the schema says format 'int32'")]
    [InlineData("        name:\n          type: string\n", "        name:\n          type: integer\n", "leaves[].name", "String is 'string', the schema says type 'integer'")]
    [InlineData("      required: [name]\n", "", "leaves[].name", "SampleLeaf.Name is required when deserializing, but the schema does not require 'name'")]
    [InlineData("    additionalProperties:\n      type: string\n", "    properties:\n      a:\n        type: string\n", "labels", "IDictionary`2 has String values, the schema has no additionalProperties schema")]
    [InlineData("      type: string\n  leaves:\n", "      type: integer\n  leaves:\n", "labels{}", "String is 'string', the schema says type 'integer'")]
    [InlineData("  leaves:\n    type: array\n", "  leaves:\n    type: object\n", "leaves", "IList`1 is an array, the schema says type 'object'")]
    [InlineData("    x-kubernetes-int-or-string: true\n", "    type: string\n", "port", "IntOrString needs x-kubernetes-int-or-string: true")]
    [InlineData("  metadata:\n    type: object\n", "  metadata:\n    type: object\n    properties:\n      name:\n        type: string\n", "metadata", "V1ObjectMeta is validated by Kubernetes itself; the schema should be a bare object, not type 'object' with properties")]
    public void ChangedSchema_IsReportedAtThePath(string original, string replacement, string path, string problem)
    {
        var schema = AgreeingSchema.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(AgreeingSchema, schema);

        Assert.Equal([new SchemaDifference(path, problem)], Compare(schema));
    }

    private static IReadOnlyList<SchemaDifference> Compare(string schemaYaml) =>
        SchemaAgreement.Compare(typeof(SampleRoot), new SchemaNode(YamlFile.ParseMappings(schemaYaml).Single()),
            KubernetesSerializerOptions.Instance);
}
