using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.Binary;

namespace SmartShop.OpcUa.Tests.Services;

/// <summary>
/// Browse messages captured on the wire, kept as test vectors by protocol-laboratory/opcua-go (message_browse_req_test,
/// message_browse_resp_test). Each is a whole MSG chunk with its 24-byte header.
/// </summary>
public sealed class ViewServiceTests
{
    private const string CapturedBrowseRequest =
        "4d534746870000000200000001000000c8000000c800000001000f020500002000000048cce1823313199f88bb583a480954a576" +
        "d4fae160deef9bf25daa6e50bfbc39f6c9be3815fcda01c800000000000000ffffffffa00f000000000000000000000000000000" +
        "00000000000000000100000001000f3d00000000002d01000000003f000000";

    private const string CapturedBrowseResponse =
        "4d534746480000000200000001000000fb030000c500000001001202b0c4be3815fcda01c50000000000000000ffffffff000000" +
        "0100000000000000ffffffff00000000ffffffff";

    [Fact]
    public void ReadMessage_CapturedBrowseRequest_DecodesFieldsAndReencodesIdentically()
    {
        var body = ReadServiceTests.Body(CapturedBrowseRequest);

        var request = Assert.IsType<BrowseRequest>(ServiceSamples.DecodeMessage(body));

        Assert.Equal(IdType.Opaque, request.RequestHeader.AuthenticationToken.IdType);
        Assert.Equal(200u, request.RequestHeader.RequestHandle);
        Assert.Equal(4000u, request.RequestHeader.TimeoutHint);
        Assert.True(request.View.ViewId.IsNull);
        Assert.Equal(0u, request.RequestedMaxReferencesPerNode);
        var node = Assert.Single(request.NodesToBrowse!);
        Assert.Equal(new NodeId(15631), node.NodeId);
        Assert.Equal(BrowseDirection.Forward, node.BrowseDirection);
        Assert.Equal(new NodeId(45), node.ReferenceTypeId); // HierarchicalReferences
        Assert.True(node.IncludeSubtypes);
        Assert.Equal(0u, node.NodeClassMask);
        Assert.Equal(BrowseResultMask.All, node.ResultMask);
        Assert.Equal(body, ServiceSamples.EncodeMessage(request));
    }

    [Fact]
    public void ReadMessage_CapturedBrowseResponse_DecodesEmptyResultAndReencodesIdentically()
    {
        var body = ReadServiceTests.Body(CapturedBrowseResponse);

        var response = Assert.IsType<BrowseResponse>(ServiceSamples.DecodeMessage(body));

        Assert.Equal(197u, response.ResponseHeader.RequestHandle);
        var result = Assert.Single(response.Results!);
        Assert.Equal(StatusCode.Good, result.StatusCode);
        Assert.True(result.ContinuationPoint.IsNull);
        Assert.NotNull(result.References);
        Assert.Empty(result.References);
        Assert.Null(response.DiagnosticInfos);
        Assert.Equal(body, ServiceSamples.EncodeMessage(response));
    }

    [Fact]
    public void Encode_ReferenceDescription_WritesFieldsInSpecificationOrder()
    {
        // OPC 10000-4 7.30 field order; encodings from OPC 10000-6 5.2.2.
        var reference = new ReferenceDescription
        {
            ReferenceTypeId = new NodeId(35), // Organizes
            IsForward = true,
            NodeId = new NodeId(2253), // Server
            BrowseName = new QualifiedName("Server"),
            DisplayName = new LocalizedText(null, "Server"),
            NodeClass = NodeClass.Object,
            TypeDefinition = new NodeId(2004), // ServerType
        };

        var bytes = Codec.Encode(reference.Encode);

        Assert.Equal(
            "00 23 " + // ReferenceTypeId: two-byte i=35
            "01 " + // IsForward
            "01 00 cd 08 " + // NodeId: four-byte i=2253
            "00 00 06 00 00 00 53 65 72 76 65 72 " + // BrowseName: ns 0, "Server"
            "02 06 00 00 00 53 65 72 76 65 72 " + // DisplayName: text only
            "01 00 00 00 " + // NodeClass Object
            "01 00 d4 07", // TypeDefinition: four-byte i=2004
            Hex.Format(bytes));
    }

    [Fact]
    public void Encode_TranslateBrowsePathsRequestBody_WritesPathElementsInSpecificationOrder()
    {
        var path = new BrowsePath
        {
            StartingNode = new NodeId(85), // Objects
            RelativePath = new RelativePath
            {
                Elements =
                [
                    new RelativePathElement { ReferenceTypeId = new NodeId(33), IsInverse = false, IncludeSubtypes = true, TargetName = new QualifiedName("Lathe1", 2) },
                ],
            },
        };

        var bytes = Codec.Encode(path.Encode);

        Assert.Equal(
            "00 55 " + // StartingNode i=85
            "01 00 00 00 " + // one element
            "00 21 00 01 " + // HierarchicalReferences, forward, with subtypes
            "02 00 06 00 00 00 4c 61 74 68 65 31", // 2:Lathe1
            Hex.Format(bytes));
    }

    [Fact]
    public void RoundTrip_BrowsePathTargetDefault_IsWholePathFollowed()
    {
        var target = ServiceSamples.DecodeMessage(ServiceSamples.EncodeMessage(new BrowsePathTarget { TargetId = new NodeId(2253) }));

        Assert.Equal(BrowsePathTarget.WholePathFollowed, Assert.IsType<BrowsePathTarget>(target).RemainingPathIndex);
    }
}
