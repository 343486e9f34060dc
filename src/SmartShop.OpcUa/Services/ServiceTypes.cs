using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>Registers the View, Write, Call, Subscription, MonitoredItem and Publish structures.</summary>
public static class ServiceTypes
{
    public static void RegisterViewWriteCallAndSubscriptionTypes(EncodeableTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        registry.Register<ViewDescription>();
        registry.Register<BrowseDescription>();
        registry.Register<ReferenceDescription>();
        registry.Register<BrowseResult>();
        registry.Register<BrowseRequest>();
        registry.Register<BrowseResponse>();
        registry.Register<BrowseNextRequest>();
        registry.Register<BrowseNextResponse>();
        registry.Register<RelativePathElement>();
        registry.Register<RelativePath>();
        registry.Register<BrowsePath>();
        registry.Register<BrowsePathTarget>();
        registry.Register<BrowsePathResult>();
        registry.Register<TranslateBrowsePathsToNodeIdsRequest>();
        registry.Register<TranslateBrowsePathsToNodeIdsResponse>();

        registry.Register<WriteValue>();
        registry.Register<WriteRequest>();
        registry.Register<WriteResponse>();

        registry.Register<Argument>();
        registry.Register<CallMethodRequest>();
        registry.Register<CallMethodResult>();
        registry.Register<CallRequest>();
        registry.Register<CallResponse>();

        registry.Register<CreateSubscriptionRequest>();
        registry.Register<CreateSubscriptionResponse>();
        registry.Register<ModifySubscriptionRequest>();
        registry.Register<ModifySubscriptionResponse>();
        registry.Register<SetPublishingModeRequest>();
        registry.Register<SetPublishingModeResponse>();
        registry.Register<TransferResult>();
        registry.Register<TransferSubscriptionsRequest>();
        registry.Register<TransferSubscriptionsResponse>();
        registry.Register<DeleteSubscriptionsRequest>();
        registry.Register<DeleteSubscriptionsResponse>();

        registry.Register<DataChangeFilter>();
        registry.Register<MonitoringParameters>();
        registry.Register<MonitoredItemCreateRequest>();
        registry.Register<MonitoredItemCreateResult>();
        registry.Register<CreateMonitoredItemsRequest>();
        registry.Register<CreateMonitoredItemsResponse>();
        registry.Register<MonitoredItemModifyRequest>();
        registry.Register<MonitoredItemModifyResult>();
        registry.Register<ModifyMonitoredItemsRequest>();
        registry.Register<ModifyMonitoredItemsResponse>();
        registry.Register<SetMonitoringModeRequest>();
        registry.Register<SetMonitoringModeResponse>();
        registry.Register<DeleteMonitoredItemsRequest>();
        registry.Register<DeleteMonitoredItemsResponse>();

        registry.Register<SubscriptionAcknowledgement>();
        registry.Register<PublishRequest>();
        registry.Register<PublishResponse>();
        registry.Register<RepublishRequest>();
        registry.Register<RepublishResponse>();
        registry.Register<NotificationMessage>();
        registry.Register<MonitoredItemNotification>();
        registry.Register<DataChangeNotification>();
        registry.Register<StatusChangeNotification>();
        registry.Register<EventNotificationList>();
        registry.Register<EventFieldList>();
    }
}
