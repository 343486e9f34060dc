using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Services;

/// <summary>Subscription and MonitoredItem requests against bytes assembled from OPC 10000-4 and 10000-6 5.2.</summary>
public sealed class SubscriptionServiceTests
{
    // RequestHeader with a null token, time MinValue, handle 1, no diagnostics, null audit id, no timeout hint.
    private const string MinimalRequestHeader =
        "00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 ff ff ff ff 00 00 00 00 00 00 00";

    private static RequestHeader Header() => new() { RequestHandle = 1 };

    [Fact]
    public void WriteMessage_CreateSubscriptionRequest_MatchesSpecificationLayout()
    {
        var request = new CreateSubscriptionRequest
        {
            RequestHeader = Header(),
            RequestedPublishingInterval = 500,
            RequestedLifetimeCount = 60,
            RequestedMaxKeepAliveCount = 20,
            MaxNotificationsPerPublish = 0,
            PublishingEnabled = true,
            Priority = 7,
        };

        var bytes = ServiceSamples.EncodeMessage(request);

        Assert.Equal(
            "01 00 13 03 " + // i=787 CreateSubscriptionRequest_Encoding_DefaultBinary
            MinimalRequestHeader + " " +
            "00 00 00 00 00 40 7f 40 " + // 500.0 ms
            "3c 00 00 00 " + // lifetime 60
            "14 00 00 00 " + // keep-alive 20
            "00 00 00 00 " + // no limit per publish
            "01 " + // publishing enabled
            "07", // priority
            Hex.Format(bytes));
        Assert.Equal(bytes, ServiceSamples.EncodeMessage(ServiceSamples.DecodeMessage(bytes)));
    }

    [Fact]
    public void WriteMessage_CreateMonitoredItemsRequestWithDeadband_MatchesSpecificationLayout()
    {
        var request = new CreateMonitoredItemsRequest
        {
            RequestHeader = Header(),
            SubscriptionId = 3,
            TimestampsToReturn = TimestampsToReturn.Both,
            ItemsToCreate =
            [
                new MonitoredItemCreateRequest
                {
                    ItemToMonitor = new ReadValueId { NodeId = new NodeId("T1", 2) },
                    MonitoringMode = MonitoringMode.Reporting,
                    RequestedParameters = new MonitoringParameters
                    {
                        ClientHandle = 9,
                        SamplingInterval = 100,
                        Filter = new ExtensionObject(new DataChangeFilter { Trigger = DataChangeTrigger.StatusValue, DeadbandType = DeadbandType.Absolute, DeadbandValue = 0.5 }),
                        QueueSize = 1,
                        DiscardOldest = true,
                    },
                },
            ],
        };

        var bytes = ServiceSamples.EncodeMessage(request);

        Assert.Equal(
            "01 00 ef 02 " + // i=751
            MinimalRequestHeader + " " +
            "03 00 00 00 " + // SubscriptionId
            "02 00 00 00 " + // TimestampsToReturn Both
            "01 00 00 00 " + // one item
            "03 02 00 02 00 00 00 54 31 " + // ns=2;s=T1
            "0d 00 00 00 " + // Value attribute
            "ff ff ff ff " + // no IndexRange
            "00 00 ff ff ff ff " + // null DataEncoding
            "02 00 00 00 " + // Reporting
            "09 00 00 00 " + // ClientHandle
            "00 00 00 00 00 00 59 40 " + // 100.0 ms
            "01 00 d4 02 01 10 00 00 00 " + // ExtensionObject i=724, binary body of 16 bytes
            "01 00 00 00 01 00 00 00 00 00 00 00 00 00 e0 3f " + // StatusValue, Absolute, 0.5
            "01 00 00 00 " + // QueueSize
            "01", // DiscardOldest
            Hex.Format(bytes));

        var decoded = Assert.IsType<CreateMonitoredItemsRequest>(ServiceSamples.DecodeMessage(bytes));
        Assert.True(decoded.ItemsToCreate![0].RequestedParameters.Filter!.TryGetBody<DataChangeFilter>(out var filter));
        Assert.Equal(DeadbandType.Absolute, filter.DeadbandType);
        Assert.Equal(0.5, filter.DeadbandValue);
    }

    [Fact]
    public void Create_MonitoringParameters_DefaultsToPublishingIntervalAndLatestValue()
    {
        var parameters = MonitoringParameters.Create();

        Assert.Equal(-1, parameters.SamplingInterval);
        Assert.Equal(1u, parameters.QueueSize);
        Assert.True(parameters.DiscardOldest);
        Assert.Null(parameters.Filter);
    }

    [Fact]
    public void WriteMessage_DeleteSubscriptionsRequestWithNullIds_WritesMinusOneLength()
    {
        var bytes = ServiceSamples.EncodeMessage(new DeleteSubscriptionsRequest { RequestHeader = Header() });

        Assert.Equal("01 00 4f 03 " + MinimalRequestHeader + " ff ff ff ff", Hex.Format(bytes));
        Assert.Null(Assert.IsType<DeleteSubscriptionsRequest>(ServiceSamples.DecodeMessage(bytes)).SubscriptionIds);
    }

    [Fact]
    public void WriteMessage_WriteRequest_MatchesSpecificationLayout()
    {
        var request = new WriteRequest
        {
            RequestHeader = Header(),
            NodesToWrite = [new WriteValue { NodeId = new NodeId(1001, 2), Value = new DataValue(new Variant(42)) }],
        };

        var bytes = ServiceSamples.EncodeMessage(request);

        Assert.Equal(
            "01 00 a1 02 " + // i=673
            MinimalRequestHeader + " " +
            "01 00 00 00 " + // one value
            "01 02 e9 03 " + // ns=2;i=1001
            "0d 00 00 00 ff ff ff ff " + // Value attribute, no IndexRange
            "01 06 2a 00 00 00", // DataValue with value only: Int32 42
            Hex.Format(bytes));
    }

    [Fact]
    public void WriteMessage_CallRequest_MatchesSpecificationLayout()
    {
        var request = new CallRequest
        {
            RequestHeader = Header(),
            MethodsToCall = [new CallMethodRequest { ObjectId = new NodeId(2253), MethodId = new NodeId(11492), InputArguments = [new Variant(7)] }],
        };

        var bytes = ServiceSamples.EncodeMessage(request);

        Assert.Equal(
            "01 00 c8 02 " + // i=712
            MinimalRequestHeader + " " +
            "01 00 00 00 " + // one call
            "01 00 cd 08 " + // Server
            "01 00 e4 2c " + // GetMonitoredItems
            "01 00 00 00 06 07 00 00 00", // one Int32 argument
            Hex.Format(bytes));
    }
}
