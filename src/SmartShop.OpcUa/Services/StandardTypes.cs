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
    }
}
