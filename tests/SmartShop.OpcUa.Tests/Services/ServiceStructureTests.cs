using System.Reflection;
using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Services;

/// <summary>Every structure of <see cref="ServiceTypes"/>: registration, ids, and a round trip of every field.</summary>
public sealed class ServiceStructureTests
{
    public static TheoryData<string> StructureNames()
    {
        var names = new TheoryData<string>();
        foreach (var sample in ServiceSamples.All())
        {
            names.Add(sample.GetType().Name);
        }

        return names;
    }

    private static IEncodeable Sample(string name) => ServiceSamples.All().Single(s => s.GetType().Name == name);

    [Theory]
    [MemberData(nameof(StructureNames))]
    public void RoundTrip_StructureWithEveryFieldSet_DecodesEveryFieldAndReencodesIdentically(string name)
    {
        var sample = Sample(name);
        var bytes = ServiceSamples.EncodeMessage(sample);

        var decoded = ServiceSamples.DecodeMessage(bytes);

        Assert.IsType(sample.GetType(), decoded);
        // A field that Encode skipped would read back as its default; one that Decode skipped would leave bytes over.
        foreach (var property in decoded.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name is nameof(IEncodeable.TypeId) or nameof(IEncodeable.BinaryEncodingId))
            {
                continue;
            }

            var value = property.GetValue(decoded);
            Assert.True(value is not null, $"{name}.{property.Name} is null");
            if (property.PropertyType.IsValueType)
            {
                Assert.True(!value.Equals(Activator.CreateInstance(property.PropertyType)), $"{name}.{property.Name} is default");
            }

            if (value is Array array)
            {
                Assert.True(array.Length > 0, $"{name}.{property.Name} is empty");
            }
        }

        Assert.Equal(bytes, ServiceSamples.EncodeMessage(decoded));
    }

    [Theory]
    [MemberData(nameof(StructureNames))]
    public void TypeIds_EveryStructure_DataTypeIdIsEncodingIdMinusTwoInNamespaceZero(string name)
    {
        var sample = Sample(name);

        var encoding = sample.BinaryEncodingId.NodeId;
        var dataType = sample.TypeId.NodeId;

        Assert.Equal(0, encoding.NamespaceIndex);
        Assert.Equal(0, dataType.NamespaceIndex);
        Assert.Equal(encoding.NumericIdentifier - 2, dataType.NumericIdentifier);
    }

    [Fact]
    public void RegisterViewWriteCallAndSubscriptionTypes_EmptyRegistry_RegistersOneDistinctIdPerStructure()
    {
        var registry = new EncodeableTypeRegistry();

        ServiceTypes.RegisterViewWriteCallAndSubscriptionTypes(registry);

        var samples = ServiceSamples.All().ToList();
        Assert.Equal(59, samples.Count);
        Assert.Equal(samples.Count, registry.Count);
        Assert.Equal(samples.Count, samples.Select(s => s.BinaryEncodingId).Distinct().Count());
        Assert.All(samples, s => Assert.True(registry.TryCreate(s.BinaryEncodingId.NodeId, NamespaceTable.Default, out var made) && made.GetType() == s.GetType()));
    }

    [Fact]
    public void RegisterViewWriteCallAndSubscriptionTypes_EmptyRegistry_AddsFiftyNineDistinctIdsAllInTheStandardRegistry()
    {
        var alone = new EncodeableTypeRegistry();
        var standard = EncodeableTypeRegistry.CreateStandard();
        var again = EncodeableTypeRegistry.CreateStandard();

        ServiceTypes.RegisterViewWriteCallAndSubscriptionTypes(alone);
        ServiceTypes.RegisterViewWriteCallAndSubscriptionTypes(again);

        Assert.Equal(59, alone.Count);
        // Registering them again changes nothing: the standard registry already holds every one of them.
        Assert.Equal(standard.Count, again.Count);
    }

    [Fact]
    public void RegisterViewWriteCallAndSubscriptionTypes_NullRegistry_Throws() =>
        Assert.Throws<ArgumentNullException>(() => ServiceTypes.RegisterViewWriteCallAndSubscriptionTypes(null!));

    [Theory]
    [InlineData(511, 513)]
    [InlineData(525, 527)]
    [InlineData(785, 787)]
    [InlineData(809, 811)]
    [InlineData(827, 829)]
    [InlineData(917, 919)]
    public void TypeIds_StandardNodeIdsCsv_MatchSpotChecks(int dataTypeId, int encodingId)
    {
        // From UA-Nodeset NodeIds.csv: ViewDescription, BrowseRequest, CreateSubscriptionRequest,
        // DataChangeNotification, PublishResponse, EventFieldList.
        var sample = ServiceSamples.All().Single(s => s.BinaryEncodingId.NodeId.NumericIdentifier == (uint)encodingId);

        Assert.Equal((uint)dataTypeId, sample.TypeId.NodeId.NumericIdentifier);
    }
}
