using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.Binary;

namespace SmartShop.OpcUa.Tests.Services;

/// <summary>
/// An instance of every View, Write, Call, Subscription, MonitoredItem and Publish structure with a non-default value
/// in every field, and the codec helpers their tests share.
/// </summary>
internal static class ServiceSamples
{
    /// <summary>The standard types plus those of <see cref="ServiceTypes"/> (StandardTypes does not call it yet).</summary>
    public static EncodingContext Context { get; } = CreateContext();

    private static EncodingContext CreateContext()
    {
        var registry = EncodeableTypeRegistry.CreateStandard();
        ServiceTypes.RegisterViewWriteCallAndSubscriptionTypes(registry);
        return new EncodingContext(types: registry);
    }

    public static byte[] EncodeMessage(IEncodeable message) => Codec.Encode(e => e.WriteMessage(message), Context);

    public static IEncodeable DecodeMessage(byte[] bytes) => Codec.Decode(bytes, d => d.ReadMessage(), Context);

    private static readonly UaDateTime Time = UaDateTime.FromDateTimeOffset(new DateTimeOffset(2026, 3, 2, 6, 30, 15, TimeSpan.Zero));

    public static StatusCode Bad => new(StatusCodes.BadNodeIdUnknown);

    public static DiagnosticInfo Diagnostic => new() { SymbolicId = 1, AdditionalInfo = "jam at infeed" };

    public static ExtensionObject Filter => new(new DataChangeFilter
    {
        Trigger = DataChangeTrigger.StatusValueTimestamp,
        DeadbandType = DeadbandType.Absolute,
        DeadbandValue = 0.5,
    });

    public static RequestHeader RequestHeader() => new()
    {
        AuthenticationToken = new NodeId(new ByteString([1, 2, 3, 4]), 0),
        Timestamp = Time,
        RequestHandle = 42,
        ReturnDiagnostics = 0x3ff,
        AuditEntryId = "mes",
        TimeoutHint = 10_000,
        AdditionalHeader = new ExtensionObject(new NodeId(999), new ByteString([9])),
    };

    public static ResponseHeader ResponseHeader() => new()
    {
        Timestamp = Time,
        RequestHandle = 42,
        ServiceResult = new StatusCode(StatusCodes.BadTimeout),
        ServiceDiagnostics = Diagnostic,
        StringTable = ["BadTimeout"],
        AdditionalHeader = new ExtensionObject(new NodeId(999), new ByteString([9])),
    };

    public static DataValue Value(double value, int second = 0) =>
        new(new Variant(value), new StatusCode(StatusCodes.UncertainLastUsableValue), UaDateTime.FromTicks(Time.Ticks + (second * TimeSpan.TicksPerSecond)), Time, 10, 20);

    public static ReferenceDescription ReferenceDescription() => new()
    {
        ReferenceTypeId = new NodeId(47),
        IsForward = true,
        NodeId = new ExpandedNodeId(new NodeId("Lathe1", 2), "urn:plc", 1),
        BrowseName = new QualifiedName("Lathe1", 2),
        DisplayName = new LocalizedText("en", "Lathe 1"),
        NodeClass = NodeClass.Object,
        TypeDefinition = new NodeId(58),
    };

    public static BrowseResult BrowseResult() => new()
    {
        StatusCode = Bad,
        ContinuationPoint = new ByteString([7, 7]),
        References = [ReferenceDescription()],
    };

    public static RelativePath RelativePath() => new()
    {
        Elements =
        [
            new RelativePathElement
            {
                ReferenceTypeId = new NodeId(33),
                IsInverse = true,
                IncludeSubtypes = true,
                TargetName = new QualifiedName("GoodCount", 2),
            },
        ],
    };

    public static BrowsePathResult BrowsePathResult() => new()
    {
        StatusCode = Bad,
        Targets = [new BrowsePathTarget { TargetId = new NodeId("Lathe1.GoodCount", 2), RemainingPathIndex = 1 }],
    };

    public static MonitoringParameters MonitoringParameters() => new()
    {
        ClientHandle = 7,
        SamplingInterval = 250,
        Filter = Filter,
        QueueSize = 10,
        DiscardOldest = true,
    };

    public static NotificationMessage NotificationMessage() => new()
    {
        SequenceNumber = 9,
        PublishTime = Time,
        NotificationData =
        [
            new ExtensionObject(DataChangeNotification()),
            new ExtensionObject(new StatusChangeNotification { Status = new StatusCode(StatusCodes.BadTimeout), DiagnosticInfo = Diagnostic }),
        ],
    };

    public static DataChangeNotification DataChangeNotification() => new()
    {
        MonitoredItems = [new MonitoredItemNotification { ClientHandle = 7, Value = Value(12.5) }],
        DiagnosticInfos = [Diagnostic],
    };

    /// <summary>Every structure of <see cref="ServiceTypes"/>, each with every field set to a non-default value.</summary>
    public static IEnumerable<IEncodeable> All()
    {
        yield return new ViewDescription { ViewId = new NodeId(1000, 2), Timestamp = Time, ViewVersion = 3 };
        yield return new BrowseDescription
        {
            NodeId = new NodeId(85),
            BrowseDirection = BrowseDirection.Both,
            ReferenceTypeId = new NodeId(33),
            IncludeSubtypes = true,
            NodeClassMask = (uint)(NodeClass.Object | NodeClass.Variable),
            ResultMask = BrowseResultMask.TargetInfo,
        };
        yield return ReferenceDescription();
        yield return BrowseResult();
        yield return new BrowseRequest
        {
            RequestHeader = RequestHeader(),
            View = new ViewDescription { ViewId = new NodeId(1000, 2), Timestamp = Time, ViewVersion = 3 },
            RequestedMaxReferencesPerNode = 100,
            NodesToBrowse = [new BrowseDescription { NodeId = new NodeId(85), BrowseDirection = BrowseDirection.Inverse }],
        };
        yield return new BrowseResponse { ResponseHeader = ResponseHeader(), Results = [BrowseResult()], DiagnosticInfos = [Diagnostic] };
        yield return new BrowseNextRequest { RequestHeader = RequestHeader(), ReleaseContinuationPoints = true, ContinuationPoints = [new ByteString([7, 7])] };
        yield return new BrowseNextResponse { ResponseHeader = ResponseHeader(), Results = [BrowseResult()], DiagnosticInfos = [Diagnostic] };
        yield return RelativePath().Elements![0];
        yield return RelativePath();
        yield return new BrowsePath { StartingNode = new NodeId("Lathe1", 2), RelativePath = RelativePath() };
        yield return BrowsePathResult().Targets![0];
        yield return BrowsePathResult();
        yield return new TranslateBrowsePathsToNodeIdsRequest
        {
            RequestHeader = RequestHeader(),
            BrowsePaths = [new BrowsePath { StartingNode = new NodeId(85), RelativePath = RelativePath() }],
        };
        yield return new TranslateBrowsePathsToNodeIdsResponse { ResponseHeader = ResponseHeader(), Results = [BrowsePathResult()], DiagnosticInfos = [Diagnostic] };

        var writeValue = new WriteValue { NodeId = new NodeId("Lathe1.Mode", 2), AttributeId = AttributeIds.Value, IndexRange = "0:1", Value = Value(3) };
        yield return writeValue;
        yield return new WriteRequest { RequestHeader = RequestHeader(), NodesToWrite = [writeValue] };
        yield return new WriteResponse { ResponseHeader = ResponseHeader(), Results = [Bad], DiagnosticInfos = [Diagnostic] };

        yield return new Argument { Name = "jobIds", DataType = new NodeId(12), ValueRank = 1, ArrayDimensions = [0], Description = new LocalizedText("en", "Job order ids") };

        var call = new CallMethodRequest { ObjectId = new NodeId("Lathe1", 2), MethodId = new NodeId("Lathe1.Reset", 2), InputArguments = [new Variant(5), new Variant("shift A")] };
        var callResult = new CallMethodResult
        {
            StatusCode = new StatusCode(StatusCodes.BadInvalidArgument),
            InputArgumentResults = [StatusCode.Good, Bad],
            InputArgumentDiagnosticInfos = [null, Diagnostic],
            OutputArguments = [new Variant(1.5)],
        };
        yield return call;
        yield return callResult;
        yield return new CallRequest { RequestHeader = RequestHeader(), MethodsToCall = [call] };
        yield return new CallResponse { ResponseHeader = ResponseHeader(), Results = [callResult], DiagnosticInfos = [Diagnostic] };

        yield return new CreateSubscriptionRequest
        {
            RequestHeader = RequestHeader(),
            RequestedPublishingInterval = 500,
            RequestedLifetimeCount = 60,
            RequestedMaxKeepAliveCount = 20,
            MaxNotificationsPerPublish = 1000,
            PublishingEnabled = true,
            Priority = 5,
        };
        yield return new CreateSubscriptionResponse
        {
            ResponseHeader = ResponseHeader(),
            SubscriptionId = 11,
            RevisedPublishingInterval = 1000,
            RevisedLifetimeCount = 90,
            RevisedMaxKeepAliveCount = 30,
        };
        yield return new ModifySubscriptionRequest
        {
            RequestHeader = RequestHeader(),
            SubscriptionId = 11,
            RequestedPublishingInterval = 250,
            RequestedLifetimeCount = 60,
            RequestedMaxKeepAliveCount = 20,
            MaxNotificationsPerPublish = 500,
            Priority = 1,
        };
        yield return new ModifySubscriptionResponse { ResponseHeader = ResponseHeader(), RevisedPublishingInterval = 250, RevisedLifetimeCount = 60, RevisedMaxKeepAliveCount = 20 };
        yield return new SetPublishingModeRequest { RequestHeader = RequestHeader(), PublishingEnabled = true, SubscriptionIds = [11, 12] };
        yield return new SetPublishingModeResponse { ResponseHeader = ResponseHeader(), Results = [Bad], DiagnosticInfos = [Diagnostic] };
        var transfer = new TransferResult { StatusCode = Bad, AvailableSequenceNumbers = [4, 5] };
        yield return transfer;
        yield return new TransferSubscriptionsRequest { RequestHeader = RequestHeader(), SubscriptionIds = [11], SendInitialValues = true };
        yield return new TransferSubscriptionsResponse { ResponseHeader = ResponseHeader(), Results = [transfer], DiagnosticInfos = [Diagnostic] };
        yield return new DeleteSubscriptionsRequest { RequestHeader = RequestHeader(), SubscriptionIds = [11] };
        yield return new DeleteSubscriptionsResponse { ResponseHeader = ResponseHeader(), Results = [Bad], DiagnosticInfos = [Diagnostic] };
        yield return new RepublishRequest { RequestHeader = RequestHeader(), SubscriptionId = 11, RetransmitSequenceNumber = 4 };
        yield return new RepublishResponse { ResponseHeader = ResponseHeader(), NotificationMessage = NotificationMessage() };

        yield return (DataChangeFilter)Filter.Body!;
        yield return MonitoringParameters();
        var create = new MonitoredItemCreateRequest
        {
            ItemToMonitor = new ReadValueId { NodeId = new NodeId("Lathe1.GoodCount", 2), AttributeId = AttributeIds.Value, IndexRange = "0", DataEncoding = new QualifiedName("Default Binary") },
            MonitoringMode = MonitoringMode.Sampling,
            RequestedParameters = MonitoringParameters(),
        };
        var created = new MonitoredItemCreateResult
        {
            StatusCode = Bad,
            MonitoredItemId = 77,
            RevisedSamplingInterval = 500,
            RevisedQueueSize = 5,
            FilterResult = new ExtensionObject(new NodeId(999), new ByteString([1])),
        };
        yield return create;
        yield return created;
        yield return new CreateMonitoredItemsRequest { RequestHeader = RequestHeader(), SubscriptionId = 11, TimestampsToReturn = TimestampsToReturn.Both, ItemsToCreate = [create] };
        yield return new CreateMonitoredItemsResponse { ResponseHeader = ResponseHeader(), Results = [created], DiagnosticInfos = [Diagnostic] };
        var modify = new MonitoredItemModifyRequest { MonitoredItemId = 77, RequestedParameters = MonitoringParameters() };
        var modified = new MonitoredItemModifyResult
        {
            StatusCode = Bad,
            RevisedSamplingInterval = 500,
            RevisedQueueSize = 5,
            FilterResult = new ExtensionObject(new NodeId(999), new ByteString([1])),
        };
        yield return modify;
        yield return modified;
        yield return new ModifyMonitoredItemsRequest { RequestHeader = RequestHeader(), SubscriptionId = 11, TimestampsToReturn = TimestampsToReturn.Server, ItemsToModify = [modify] };
        yield return new ModifyMonitoredItemsResponse { ResponseHeader = ResponseHeader(), Results = [modified], DiagnosticInfos = [Diagnostic] };
        yield return new SetMonitoringModeRequest { RequestHeader = RequestHeader(), SubscriptionId = 11, MonitoringMode = MonitoringMode.Sampling, MonitoredItemIds = [77] };
        yield return new SetMonitoringModeResponse { ResponseHeader = ResponseHeader(), Results = [Bad], DiagnosticInfos = [Diagnostic] };
        yield return new DeleteMonitoredItemsRequest { RequestHeader = RequestHeader(), SubscriptionId = 11, MonitoredItemIds = [77] };
        yield return new DeleteMonitoredItemsResponse { ResponseHeader = ResponseHeader(), Results = [Bad], DiagnosticInfos = [Diagnostic] };

        var ack = new SubscriptionAcknowledgement { SubscriptionId = 11, SequenceNumber = 8 };
        yield return ack;
        yield return new PublishRequest { RequestHeader = RequestHeader(), SubscriptionAcknowledgements = [ack] };
        yield return new PublishResponse
        {
            ResponseHeader = ResponseHeader(),
            SubscriptionId = 11,
            AvailableSequenceNumbers = [8, 9],
            MoreNotifications = true,
            NotificationMessage = NotificationMessage(),
            Results = [Bad],
            DiagnosticInfos = [Diagnostic],
        };
        yield return NotificationMessage();
        yield return DataChangeNotification().MonitoredItems![0];
        yield return DataChangeNotification();
        yield return new StatusChangeNotification { Status = new StatusCode(StatusCodes.BadTimeout), DiagnosticInfo = Diagnostic };
        var eventFields = new EventFieldList { ClientHandle = 3, EventFields = [new Variant("Door open"), new Variant(500)] };
        yield return eventFields;
        yield return new EventNotificationList { Events = [eventFields] };
    }
}
