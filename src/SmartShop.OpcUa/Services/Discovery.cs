using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 7.2.</summary>
public enum ApplicationType
{
    Server = 0,
    Client = 1,
    ClientAndServer = 2,
    DiscoveryServer = 3,
}

/// <summary>OPC 10000-4 7.43 (UserTokenType).</summary>
public enum UserTokenType
{
    Anonymous = 0,
    UserName = 1,
    Certificate = 2,
    IssuedToken = 3,
}

/// <summary>OPC 10000-4 7.2.</summary>
public sealed class ApplicationDescription : IEncodeable<ApplicationDescription>
{
    public static readonly NodeId DataTypeId = new(308);
    public static readonly NodeId DefaultBinaryId = new(310);

    public string? ApplicationUri { get; set; }
    public string? ProductUri { get; set; }
    public LocalizedText ApplicationName { get; set; }
    public ApplicationType ApplicationType { get; set; }
    public string? GatewayServerUri { get; set; }
    public string? DiscoveryProfileUri { get; set; }
    public string?[]? DiscoveryUrls { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ApplicationDescription Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(ApplicationUri);
        encoder.WriteString(ProductUri);
        encoder.WriteLocalizedText(ApplicationName);
        encoder.WriteInt32((int)ApplicationType);
        encoder.WriteString(GatewayServerUri);
        encoder.WriteString(DiscoveryProfileUri);
        encoder.WriteStringArray(DiscoveryUrls);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ApplicationUri = decoder.ReadString();
        ProductUri = decoder.ReadString();
        ApplicationName = decoder.ReadLocalizedText();
        ApplicationType = (ApplicationType)decoder.ReadInt32();
        GatewayServerUri = decoder.ReadString();
        DiscoveryProfileUri = decoder.ReadString();
        DiscoveryUrls = decoder.ReadStringArray();
    }
}

/// <summary>OPC 10000-4 7.42: a kind of user identity an endpoint accepts, and the policy that protects its secret.</summary>
public sealed class UserTokenPolicy : IEncodeable<UserTokenPolicy>
{
    public static readonly NodeId DataTypeId = new(304);
    public static readonly NodeId DefaultBinaryId = new(306);

    public string? PolicyId { get; set; }
    public UserTokenType TokenType { get; set; }
    public string? IssuedTokenType { get; set; }
    public string? IssuerEndpointUrl { get; set; }
    public string? SecurityPolicyUri { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static UserTokenPolicy Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(PolicyId);
        encoder.WriteInt32((int)TokenType);
        encoder.WriteString(IssuedTokenType);
        encoder.WriteString(IssuerEndpointUrl);
        encoder.WriteString(SecurityPolicyUri);
    }

    public void Decode(BinaryDecoder decoder)
    {
        PolicyId = decoder.ReadString();
        TokenType = (UserTokenType)decoder.ReadInt32();
        IssuedTokenType = decoder.ReadString();
        IssuerEndpointUrl = decoder.ReadString();
        SecurityPolicyUri = decoder.ReadString();
    }
}

/// <summary>OPC 10000-4 7.14.</summary>
public sealed class EndpointDescription : IEncodeable<EndpointDescription>
{
    public static readonly NodeId DataTypeId = new(312);
    public static readonly NodeId DefaultBinaryId = new(314);

    public string? EndpointUrl { get; set; }
    public ApplicationDescription Server { get; set; } = new();

    /// <summary>DER, possibly followed by its issuers.</summary>
    public ByteString ServerCertificate { get; set; }
    public MessageSecurityMode SecurityMode { get; set; }
    public string? SecurityPolicyUri { get; set; }
    public UserTokenPolicy[]? UserIdentityTokens { get; set; }
    public string? TransportProfileUri { get; set; }
    public byte SecurityLevel { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static EndpointDescription Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(EndpointUrl);
        encoder.WriteEncodeable(Server);
        encoder.WriteByteString(ServerCertificate);
        encoder.WriteInt32((int)SecurityMode);
        encoder.WriteString(SecurityPolicyUri);
        encoder.WriteEncodeableArray(UserIdentityTokens);
        encoder.WriteString(TransportProfileUri);
        encoder.WriteByte(SecurityLevel);
    }

    public void Decode(BinaryDecoder decoder)
    {
        EndpointUrl = decoder.ReadString();
        Server = decoder.ReadEncodeable<ApplicationDescription>();
        ServerCertificate = decoder.ReadByteString();
        SecurityMode = (MessageSecurityMode)decoder.ReadInt32();
        SecurityPolicyUri = decoder.ReadString();
        UserIdentityTokens = decoder.ReadEncodeableArray<UserTokenPolicy>();
        TransportProfileUri = decoder.ReadString();
        SecurityLevel = decoder.ReadByte();
    }
}

/// <summary>OPC 10000-4 5.4.4.</summary>
public sealed class GetEndpointsRequest : IServiceRequest, IEncodeable<GetEndpointsRequest>
{
    public static readonly NodeId DataTypeId = new(426);
    public static readonly NodeId DefaultBinaryId = new(428);

    public RequestHeader RequestHeader { get; set; } = new();
    public string? EndpointUrl { get; set; }
    public string?[]? LocaleIds { get; set; }
    public string?[]? ProfileUris { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static GetEndpointsRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteString(EndpointUrl);
        encoder.WriteStringArray(LocaleIds);
        encoder.WriteStringArray(ProfileUris);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        EndpointUrl = decoder.ReadString();
        LocaleIds = decoder.ReadStringArray();
        ProfileUris = decoder.ReadStringArray();
    }
}

/// <summary>OPC 10000-4 5.4.4.</summary>
public sealed class GetEndpointsResponse : IServiceResponse, IEncodeable<GetEndpointsResponse>
{
    public static readonly NodeId DataTypeId = new(429);
    public static readonly NodeId DefaultBinaryId = new(431);

    public ResponseHeader ResponseHeader { get; set; } = new();
    public EndpointDescription[]? Endpoints { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static GetEndpointsResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteEncodeableArray(Endpoints);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        Endpoints = decoder.ReadEncodeableArray<EndpointDescription>();
    }
}
