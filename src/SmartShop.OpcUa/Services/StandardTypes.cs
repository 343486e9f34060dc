using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>The structures this library implements; every new service structure is added here.</summary>
public static class StandardTypes
{
    public static void RegisterAll(EncodeableTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<RequestHeader>();
        registry.Register<ResponseHeader>();
        registry.Register<ServiceFault>();
        registry.Register<ReadValueId>();
        registry.Register<ReadRequest>();
        registry.Register<ReadResponse>();
        registry.Register<ChannelSecurityToken>();
        registry.Register<OpenSecureChannelRequest>();
        registry.Register<OpenSecureChannelResponse>();
        registry.Register<CloseSecureChannelRequest>();
        registry.Register<ApplicationDescription>();
        registry.Register<UserTokenPolicy>();
        registry.Register<EndpointDescription>();
        registry.Register<GetEndpointsRequest>();
        registry.Register<GetEndpointsResponse>();
        registry.Register<SignatureData>();
        registry.Register<SignedSoftwareCertificate>();
        registry.Register<CreateSessionRequest>();
        registry.Register<CreateSessionResponse>();
        registry.Register<AnonymousIdentityToken>();
        registry.Register<UserNameIdentityToken>();
        registry.Register<ActivateSessionRequest>();
        registry.Register<ActivateSessionResponse>();
        registry.Register<CloseSessionRequest>();
        registry.Register<CloseSessionResponse>();
        ServiceTypes.RegisterViewWriteCallAndSubscriptionTypes(registry);
    }
}
