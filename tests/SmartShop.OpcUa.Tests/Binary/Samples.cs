using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Binary;

/// <summary>One value of every built-in type and shape, edge values included; shared by round-trip tests and the fuzz seeds.</summary>
internal static class Samples
{
    public static readonly Guid SampleGuid = Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63");

    public static IEnumerable<(string Name, Variant Value)> Variants()
    {
        yield return ("null", Variant.Null);
        yield return ("true", new Variant(true));
        yield return ("sbyte min", new Variant(sbyte.MinValue));
        yield return ("byte max", new Variant(byte.MaxValue));
        yield return ("int16 min", new Variant(short.MinValue));
        yield return ("uint16 max", new Variant(ushort.MaxValue));
        yield return ("int32 min", new Variant(int.MinValue));
        yield return ("uint32 max", new Variant(uint.MaxValue));
        yield return ("int64 min", new Variant(long.MinValue));
        yield return ("uint64 max", new Variant(ulong.MaxValue));
        yield return ("float NaN", new Variant(float.NaN));
        yield return ("float -inf", new Variant(float.NegativeInfinity));
        yield return ("double NaN", new Variant(double.NaN));
        yield return ("double -0", new Variant(-0.0));
        yield return ("double epsilon", new Variant(double.Epsilon));
        yield return ("string null", new Variant((string?)null));
        yield return ("string empty", new Variant(string.Empty));
        yield return ("string unicode", new Variant("Drehzahl 水 🏭"));
        yield return ("datetime min", new Variant(UaDateTime.MinValue));
        yield return ("datetime max", new Variant(UaDateTime.MaxValue));
        yield return ("datetime now-ish", new Variant(UaDateTime.FromDateTimeOffset(new DateTimeOffset(2026, 3, 2, 6, 30, 0, 123, TimeSpan.Zero))));
        yield return ("guid", new Variant(SampleGuid));
        yield return ("guid empty", new Variant(Guid.Empty));
        yield return ("bytestring null", new Variant(ByteString.Null));
        yield return ("bytestring empty", new Variant(ByteString.Empty));
        yield return ("bytestring", new Variant(new ByteString([0, 255, 7])));
        yield return ("xml", new Variant(new XmlElement("<a b=\"1\"/>")));
        yield return ("xml null", new Variant(new XmlElement(null)));
        yield return ("nodeid numeric", new Variant(NodeId.Parse("ns=3;i=70000")));
        yield return ("nodeid string", new Variant(NodeId.Parse("ns=2;s=Line1.Lathe.Speed")));
        yield return ("nodeid guid", new Variant(new NodeId(SampleGuid, 1)));
        yield return ("nodeid opaque", new Variant(new NodeId(new ByteString([1, 2]), 9)));
        yield return ("expanded", new Variant(ExpandedNodeId.Parse("svr=3;nsu=urn:acme;s=x")));
        yield return ("status with info bits", new Variant(new StatusCode(0x40900400)));
        yield return ("qualified null name", new Variant(new QualifiedName(null, 5)));
        yield return ("localized locale only", new Variant(new LocalizedText("de", null)));
        yield return ("localized null", new Variant(LocalizedText.Null));
        yield return ("extension null", new Variant((ExtensionObject?)null));
        yield return ("extension raw", new Variant(new ExtensionObject(new NodeId(9999, 2), new ByteString([1, 2, 3]))));
        yield return ("extension xml", new Variant(new ExtensionObject(new NodeId(9998, 2), new XmlElement("<x/>"))));
        yield return ("extension no body", new Variant(new ExtensionObject(new NodeId(9997, 2))));
        yield return ("datavalue", new Variant(new DataValue(new Variant(3.5), StatusCodes.UncertainSubNormal, UaDateTime.FromTicks(1), UaDateTime.FromTicks(2), 5, 6)));
        yield return ("datavalue empty", new Variant(default(DataValue)));
        yield return ("diagnostic", new Variant(new DiagnosticInfo { SymbolicId = 3, InnerDiagnosticInfo = new DiagnosticInfo { AdditionalInfo = string.Empty } }));
        yield return ("diagnostic null", new Variant((DiagnosticInfo?)null));
        yield return ("bool[]", new Variant(new[] { true, false }));
        yield return ("sbyte[]", new Variant(new sbyte[] { -1, 1 }));
        yield return ("byte[]", new Variant(new byte[] { 0, 255 }));
        yield return ("int16[]", new Variant(new short[] { -2, 2 }));
        yield return ("uint16[]", new Variant(new ushort[] { 2, 65535 }));
        yield return ("int32[] empty", new Variant(Array.Empty<int>()));
        yield return ("uint32[]", new Variant(new[] { 1u, uint.MaxValue }));
        yield return ("int64[]", new Variant(new[] { long.MinValue, long.MaxValue }));
        yield return ("uint64[]", new Variant(new[] { ulong.MaxValue }));
        yield return ("float[]", new Variant(new[] { 1.5f, float.NaN }));
        yield return ("double[]", new Variant(new[] { 1e300, -0.0 }));
        yield return ("string[]", new Variant(new[] { "a", null, string.Empty }));
        yield return ("datetime[]", new Variant(new[] { UaDateTime.MinValue, UaDateTime.MaxValue, UaDateTime.FromTicks(5) }));
        yield return ("guid[]", new Variant(new[] { SampleGuid, Guid.Empty }));
        yield return ("bytestring[]", new Variant(new[] { ByteString.Null, ByteString.Empty, new ByteString([9]) }));
        yield return ("xml[]", new Variant(new[] { new XmlElement("<a/>"), new XmlElement(null) }));
        yield return ("nodeid[]", new Variant(new[] { new NodeId(1), NodeId.Parse("ns=1;s=a") }));
        yield return ("expanded[]", new Variant(new[] { ExpandedNodeId.Parse("nsu=urn:x;i=1"), new ExpandedNodeId(new NodeId(5)) }));
        yield return ("status[]", new Variant(new StatusCode[] { StatusCodes.Good, StatusCodes.BadTimeout }));
        yield return ("qualified[]", new Variant(new[] { new QualifiedName("a", 1), default }));
        yield return ("localized[]", new Variant(new[] { new LocalizedText("en", "a"), default }));
        yield return ("extension[]", new Variant(new ExtensionObject?[] { null, new ExtensionObject(new NodeId(5, 5), new ByteString([1])) }));
        yield return ("datavalue[]", new Variant(new[] { default, new DataValue(new Variant(1), StatusCodes.BadNoCommunication) }));
        yield return ("variant[] nested", new Variant(new[] { new Variant(1), new Variant(new[] { new Variant("deep"), Variant.Null }), new Variant(new[] { 1.0 }) }));
        yield return ("diagnostic[]", new Variant(new DiagnosticInfo?[] { null, new DiagnosticInfo { Locale = 1 } }));
        yield return ("matrix 2x3 double", new Variant(new Matrix(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3)));
        yield return ("matrix 2x2x2 string", new Variant(new Matrix(new[] { "a", "b", "c", "d", "e", "f", "g", null }, 2, 2, 2)));
        yield return ("matrix of variants", new Variant(new Matrix(new[] { new Variant(1), new Variant("x") }, 1, 2)));
    }

    public static TheoryData<string> VariantNames()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Variants())
        {
            data.Add(name);
        }

        return data;
    }

    public static Variant Named(string name)
    {
        foreach (var (n, value) in Variants())
        {
            if (n == name)
            {
                return value;
            }
        }

        throw new ArgumentException(name, nameof(name));
    }

    /// <summary>Valid messages of every registered kind, for round trips and as fuzz seeds.</summary>
    public static IEnumerable<byte[]> Messages(EncodingContext context)
    {
        var values = new List<DataValue>();
        var i = 0;
        foreach (var (_, value) in Variants())
        {
            values.Add(new DataValue(value, (uint)(i % 3) << 30, UaDateTime.FromTicks(i * 1000), UaDateTime.FromTicks(i * 2000), (ushort)(i % 7), 0));
            i++;
        }

        var response = new ReadResponse
        {
            ResponseHeader = new ResponseHeader
            {
                RequestHandle = 9,
                ServiceDiagnostics = new DiagnosticInfo { SymbolicId = 0, InnerDiagnosticInfo = new DiagnosticInfo { LocalizedText = 1 } },
                StringTable = ["a", "b"],
                AdditionalHeader = new ExtensionObject(new ReadValueId { NodeId = new NodeId(7) }),
            },
            Results = [.. values],
            DiagnosticInfos = [null, new DiagnosticInfo { InnerStatusCode = StatusCodes.BadTimeout }],
        };
        var request = new ReadRequest
        {
            RequestHeader = new RequestHeader { AuthenticationToken = new NodeId(SampleGuid, 0), RequestHandle = 4, AuditEntryId = "audit" },
            MaxAge = 500,
            TimestampsToReturn = TimestampsToReturn.Both,
            NodesToRead = [new ReadValueId { NodeId = NodeId.Parse("ns=2;s=Speed"), IndexRange = "1:2" }, new ReadValueId()],
        };
        var fault = new ServiceFault { ResponseHeader = { ServiceResult = StatusCodes.BadSessionClosed } };

        foreach (var message in new IEncodeable[] { response, request, fault })
        {
            using var encoder = new BinaryEncoder(context);
            encoder.WriteMessage(message);
            yield return encoder.ToArray();
        }
    }
}
