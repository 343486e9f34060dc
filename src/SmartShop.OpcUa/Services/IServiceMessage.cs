using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>A service request: the secure channel sets the header's handle, timestamp and token.</summary>
public interface IServiceRequest : IEncodeable
{
    RequestHeader RequestHeader { get; set; }
}

/// <summary>A service response, including ServiceFault, which a server sends instead of any response.</summary>
public interface IServiceResponse : IEncodeable
{
    ResponseHeader ResponseHeader { get; set; }
}
