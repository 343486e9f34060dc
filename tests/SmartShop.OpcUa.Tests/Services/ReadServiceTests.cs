using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.Binary;

namespace SmartShop.OpcUa.Tests.Services;

/// <summary>
/// Read service messages: vectors from the gopcua/HBM suites, and real exchanges captured with Wireshark that the
/// node-opcua test suite keeps (test_read_service fixtures). Captures start with a 24-byte MSG chunk header
/// (type, size, channel, token, sequence number, request id); the message body follows.
/// </summary>
public sealed class ReadServiceTests
{
    private const int ChunkHeaderSize = 24;

    private const string CapturedReadRequest =
        "4d 53 47 46 92 00 00 00 08 00 00 00 01 00 00 00 04 00 00 00 04 00 00 00 01 00 77 02 05 00 00 20 00 00 00 48 09 ee e7 c3 5d bb " +
        "ce df d0 7a 7d c0 6e e8 54 ba bf fa 46 7e 3f b2 06 98 6e 71 a2 87 bd 2c 5d 60 01 82 6d 17 21 cf " +
        "01 03 00 00 00 ff 03 00 00 ff ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 " +
        "02 00 00 00 01 00 cf 08 0d 00 00 00 ff ff ff ff 00 00 ff ff ff ff 01 00 ce 08 0d 00 00 00 ff ff " +
        "ff ff 00 00 ff ff ff ff";

    private const string CapturedReadResponse =
        "4d 53 47 46 f0 01 00 00 08 00 00 00 01 00 00 00 04 00 00 00 04 00 00 00 01 00 7a 02 17 ff 83 6d 17 21 cf 01 03 00 00 00 00 00 " +
        "00 00 00 00 00 00 00 00 00 00 02 00 00 00 0d 8c 09 00 00 00 1c 00 00 00 68 74 74 70 3a 2f 2f 6f " +
        "70 63 66 6f 75 6e 64 61 74 69 6f 6e 2e 6f 72 67 2f 55 41 2f 24 00 00 00 75 72 6e 3a 4c 4f 55 52 " +
        "53 4c 41 42 53 65 72 76 65 72 31 3a 55 41 20 53 61 6d 70 6c 65 20 53 65 72 76 65 72 18 00 00 00 " +
        "68 74 74 70 3a 2f 2f 74 65 73 74 2e 6f 72 67 2f 55 41 2f 44 61 74 61 2f 21 00 00 00 68 74 74 70 " +
        "3a 2f 2f 74 65 73 74 2e 6f 72 67 2f 55 41 2f 44 61 74 61 2f 2f 49 6e 73 74 61 6e 63 65 23 00 00 " +
        "00 68 74 74 70 3a 2f 2f 6f 70 63 66 6f 75 6e 64 61 74 69 6f 6e 2e 6f 72 67 2f 55 41 2f 42 6f 69 " +
        "6c 65 72 2f 2c 00 00 00 68 74 74 70 3a 2f 2f 6f 70 63 66 6f 75 6e 64 61 74 69 6f 6e 2e 6f 72 67 " +
        "2f 55 41 2f 42 6f 69 6c 65 72 2f 2f 49 6e 73 74 61 6e 63 65 27 00 00 00 68 74 74 70 3a 2f 2f 6f " +
        "70 63 66 6f 75 6e 64 61 74 69 6f 6e 2e 6f 72 67 2f 55 41 2f 44 69 61 67 6e 6f 73 74 69 63 73 22 " +
        "00 00 00 68 74 74 70 3a 2f 2f 73 61 6d 70 6c 65 73 2e 6f 72 67 2f 55 41 2f 6d 65 6d 6f 72 79 62 " +
        "75 66 66 65 72 2b 00 00 00 68 74 74 70 3a 2f 2f 73 61 6d 70 6c 65 73 2e 6f 72 67 2f 55 41 2f 6d " +
        "65 6d 6f 72 79 62 75 66 66 65 72 2f 49 6e 73 74 61 6e 63 65 67 f6 fb 1e 14 21 cf 01 17 ff 83 6d " +
        "17 21 cf 01 0d 8c 01 00 00 00 24 00 00 00 75 72 6e 3a 4c 4f 55 52 53 4c 41 42 53 65 72 76 65 72 " +
        "31 3a 55 41 20 53 61 6d 70 6c 65 20 53 65 72 76 65 72 67 f6 fb 1e 14 21 cf 01 17 ff 83 6d 17 21 " +
        "cf 01 00 00 00 00";

    private const string CapturedReadResponseWithErrors =
        "4d 53 47 46 5f 01 00 00 08 00 00 00 01 00 00 00 1a 00 00 00 1a 00 00 00 01 00 7a 02 5d 0c f4 6f " +
        "17 21 cf 01 18 00 00 00 00 00 00 00 00 01 00 00 00 08 00 00 00 38 30 33 35 30 30 30 30 00 00 00 " +
        "15 00 00 00 01 11 01 04 fd 03 01 06 08 00 00 00 01 14 04 00 12 00 00 00 46 6c 6f 77 43 6f 6e 74 " +
        "72 6f 6c 6c 65 72 54 79 70 65 01 15 02 12 00 00 00 46 6c 6f 77 43 6f 6e 74 72 6f 6c 6c 65 72 54 " +
        "79 70 65 01 15 03 00 00 00 00 34 00 00 00 41 20 63 6f 6e 74 72 6f 6c 6c 65 72 20 66 6f 72 20 74 " +
        "68 65 20 66 6c 6f 77 20 6f 66 20 61 20 66 6c 75 69 64 20 74 68 72 6f 75 67 68 20 61 20 70 69 70 " +
        "65 2e 01 07 00 00 00 00 01 07 00 00 00 00 01 01 00 02 00 00 35 80 02 00 00 35 80 02 00 00 35 80 " +
        "02 00 00 35 80 02 00 00 35 80 02 00 00 35 80 02 00 00 35 80 02 00 00 35 80 02 00 00 35 80 02 00 " +
        "00 35 80 02 00 00 35 80 02 00 00 35 80 02 00 00 35 80 15 00 00 00 00 00 00 00 00 00 00 00 04 00 " +
        "00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 " +
        "00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00 04 00 00 00 00";

    /// <summary>The captured message bodies, as fuzz seeds.</summary>
    internal static IEnumerable<byte[]> CapturedMessages() =>
        [Body(CapturedReadRequest), Body(CapturedReadResponse), Body(CapturedReadResponseWithErrors)];

    internal static byte[] Body(string capture)
    {
        var chunk = Hex.Parse(capture);
        Assert.Equal(chunk.Length, BitConverter.ToInt32(chunk, 4));
        return chunk[ChunkHeaderSize..];
    }

    [Fact]
    public void ReadMessage_CapturedReadRequest_DecodesFieldsAndReencodesIdentically()
    {
        var body = Body(CapturedReadRequest);

        var request = Assert.IsType<ReadRequest>(Codec.Decode(body, d => d.ReadMessage()));

        Assert.Equal(IdType.Opaque, request.RequestHeader.AuthenticationToken.IdType);
        Assert.Equal(32, request.RequestHeader.AuthenticationToken.OpaqueIdentifier.Length);
        Assert.Equal(3u, request.RequestHeader.RequestHandle);
        Assert.Equal(0x3ffu, request.RequestHeader.ReturnDiagnostics);
        Assert.Null(request.RequestHeader.AuditEntryId);
        Assert.Null(request.RequestHeader.AdditionalHeader);
        Assert.Equal(TimestampsToReturn.Both, request.TimestampsToReturn);
        Assert.Equal([NodeId.Parse("i=2255"), NodeId.Parse("i=2254")], request.NodesToRead!.Select(n => n.NodeId));
        Assert.All(request.NodesToRead!, n => Assert.Equal(AttributeIds.Value, n.AttributeId));
        Assert.Equal(body, Codec.Encode(e => e.WriteMessage(request)));
    }

    [Fact]
    public void ReadMessage_CapturedReadResponse_DecodesStringArraysAndTimestamps()
    {
        var body = Body(CapturedReadResponse);

        var response = Assert.IsType<ReadResponse>(Codec.Decode(body, d => d.ReadMessage()));

        Assert.Equal(3u, response.ResponseHeader.RequestHandle);
        Assert.Equal(StatusCode.Good, response.ResponseHeader.ServiceResult);
        Assert.Equal(2, response.Results!.Length);
        Assert.True(response.Results[0].Value.TryGetArray<string>(out var namespaces));
        Assert.Equal(9, namespaces.Length);
        Assert.Equal("http://opcfoundation.org/UA/", namespaces[0]);
        Assert.Equal("urn:LOURSLABServer1:UA Sample Server", namespaces[1]);
        Assert.True(response.Results[0].SourceTimestamp < response.Results[0].ServerTimestamp);
        Assert.NotNull(response.DiagnosticInfos);
        Assert.Empty(response.DiagnosticInfos);
        Assert.Equal(body, Codec.Encode(e => e.WriteMessage(response)));
    }

    [Fact]
    public void ReadMessage_CapturedResponseWithBadAttributes_KeepsStatusesAndDiagnostics()
    {
        var body = Body(CapturedReadResponseWithErrors);

        var response = Assert.IsType<ReadResponse>(Codec.Decode(body, d => d.ReadMessage()));

        var results = response.Results!;
        Assert.Equal(21, results.Length);
        Assert.Equal(new Variant(new NodeId(1021, 4)), results[0].Value);
        Assert.Equal(new Variant(8), results[1].Value);
        Assert.Equal(new Variant(new QualifiedName("FlowControllerType", 4)), results[2].Value);
        Assert.Equal(new Variant(new LocalizedText(null, "FlowControllerType")), results[3].Value);
        Assert.Equal(new Variant(new LocalizedText(string.Empty, "A controller for the flow of a fluid through a pipe.")), results[4].Value);
        Assert.Equal(new Variant(false), results[7].Value);
        Assert.All(results[8..], r => Assert.Equal("BadAttributeIdInvalid (0x80350000)", r.StatusCode.ToString()));
        Assert.Equal(new string?[] { "80350000" }, response.ResponseHeader.StringTable);
        // One DiagnosticInfo per result: none for the 8 good ones, string table entry 0 for the 13 bad ones.
        Assert.All(response.DiagnosticInfos![..8], Assert.Null);
        Assert.All(response.DiagnosticInfos![8..], d => Assert.Equal(0, d!.LocalizedText));
        Assert.Equal(body, Codec.Encode(e => e.WriteMessage(response)));
    }

    [Fact]
    public void ReadRequest_GopcuaVector_EncodesByteForByte()
    {
        var request = new ReadRequest
        {
            RequestHeader = new RequestHeader
            {
                AuthenticationToken = new NodeId(new ByteString(Hex.Parse("08 22 87 62 ba 81 e1 11 a6 43 f8 77 7b c6 2f c8")), 0),
                Timestamp = UaDateTime.FromDateTimeOffset(new DateTimeOffset(2018, 8, 10, 23, 0, 0, TimeSpan.Zero)),
                RequestHandle = 1,
            },
            TimestampsToReturn = TimestampsToReturn.Both,
            NodesToRead = [new ReadValueId { NodeId = new NodeId(2256) }],
        };

        var bytes = Codec.Encode(request.Encode);

        Assert.Equal(
            "05 00 00 10 00 00 00 08 22 87 62 ba 81 e1 11 a6 43 f8 77 7b c6 2f c8 00 98 67 dd fd 30 d4 01 01 00 00 00 " +
            "00 00 00 00 ff ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 01 00 00 00 " +
            "01 00 d0 08 0d 00 00 00 ff ff ff ff 00 00 ff ff ff ff",
            Hex.Format(bytes));
    }

    [Fact]
    public void ReadResponse_GopcuaVector_EncodesByteForByte()
    {
        var response = new ReadResponse
        {
            ResponseHeader = new ResponseHeader
            {
                Timestamp = UaDateTime.FromDateTimeOffset(new DateTimeOffset(2018, 8, 10, 23, 0, 0, TimeSpan.Zero)),
                RequestHandle = 1,
                StringTable = [],
            },
            Results = [new DataValue(new Variant(2.5001559257507324f))],
            DiagnosticInfos = [null],
        };

        var bytes = Codec.Encode(response.Encode);

        Assert.Equal(
            "00 98 67 dd fd 30 d4 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 01 0a 8e 02 20 40 01 00 00 00 00",
            Hex.Format(bytes));
    }

    [Fact]
    public void ReadMessage_ServiceFault_DecodesAsServiceFault()
    {
        var fault = new ServiceFault { ResponseHeader = { RequestHandle = 7, ServiceResult = StatusCodes.BadSessionIdInvalid } };
        var bytes = Codec.Encode(e => e.WriteMessage(fault));

        var decoded = Assert.IsType<ServiceFault>(Codec.Decode(bytes, d => d.ReadMessage()));

        Assert.Equal("01 00 8d 01", Hex.Format(bytes.AsSpan(0, 4)));
        Assert.Equal(StatusCodes.BadSessionIdInvalid, decoded.ResponseHeader.ServiceResult.Code);
        Assert.IsAssignableFrom<IServiceResponse>(decoded);
    }

    [Fact]
    public void ReadMessage_UnregisteredEncodingId_ThrowsDataTypeIdUnknown()
    {
        var error = Codec.DecodeFails(Hex.Parse("01 00 0f 27 00"), d => d.ReadMessage());

        Assert.Equal(StatusCodes.BadDataTypeIdUnknown, error.StatusCode.Code);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void ReadRequest_NullAndEmptyNodesToRead_StayDistinct()
    {
        var nullNodes = RoundTrip(new ReadRequest { NodesToRead = null });
        var emptyNodes = RoundTrip(new ReadRequest { NodesToRead = [] });

        Assert.Null(nullNodes.NodesToRead);
        Assert.NotNull(emptyNodes.NodesToRead);
        Assert.Empty(emptyNodes.NodesToRead);
    }

    private static ReadRequest RoundTrip(ReadRequest request) =>
        (ReadRequest)Codec.Decode(Codec.Encode(e => e.WriteMessage(request)), d => d.ReadMessage());
}
